namespace MetaNotebooks.Data;

/// <summary>
/// A labelled image set the sampler draws episodes from: classes 0..C-1, each with the same number of drawings.
/// Image id <c>c * DrawingsPerClass + d</c> is drawing d of class c.
/// </summary>
public interface IEpisodeSource
{
    /// <summary>Drawings per class (20 in Omniglot).</summary>
    int DrawingsPerClass { get; }

    /// <summary>Shape of one image, e.g. [1, 28, 28].</summary>
    long[] ImageShape { get; }

    /// <summary>
    /// Writes image <c>imageIds[i]</c>, rotated by <c>quarterTurns[i]</c> x 90 degrees counter-clockwise (as
    /// torch.rot90 over H, W), as floats in [0, 1] (ink = 1) at <c>destination[i * C * H * W ..]</c>.
    /// </summary>
    void CopyImages(ReadOnlySpan<long> imageIds, ReadOnlySpan<int> quarterTurns, Span<float> destination);
}
