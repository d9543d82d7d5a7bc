using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Randomness;

namespace MetaNotebooks.Tests;

/// <summary>
/// A linearly separable toy image source: class c (0..7) is a bright horizontal bar 3 pixels high at rows 3c .. 3c + 2
/// of a size x size image (28 unless told), drawing d adds uniform noise of amplitude 0.3 (seeded by the image id).
/// 8 classes, 20 drawings.
/// </summary>
public sealed class ToyBars(int size = 28) : IEpisodeSource
{
    public const int Classes = 8;

    public int DrawingsPerClass => 20;

    public long[] ImageShape => [1, size, size];

    /// <summary>The 8 classes as a class set, for an <see cref="EpisodeSampler"/>.</summary>
    public static ClassSet ClassSet { get; } = new("toy", Enumerable.Range(0, Classes).Select(c => new EpisodeClass(c, $"bar{c}", "Bars")).ToList());

    public void CopyImages(ReadOnlySpan<long> imageIds, ReadOnlySpan<int> quarterTurns, Span<float> destination)
    {
        for (var i = 0; i < imageIds.Length; i++)
        {
            var cls = (int)(imageIds[i] / DrawingsPerClass);
            var random = new SplitMix64(imageIds[i] + 1);
            var image = destination.Slice(i * size * size, size * size);
            for (var p = 0; p < size * size; p++)
            {
                var row = p / size;
                image[p] = (row >= 3 * cls && row < 3 * cls + 3 ? 0.7f : 0f) + (float)(0.3 * random.NextDouble());
            }
        }
    }
}
