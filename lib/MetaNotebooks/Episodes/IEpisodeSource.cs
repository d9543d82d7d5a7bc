using MetaNotebooks.Torch;

namespace MetaNotebooks.Episodes;

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

    /// <summary>The images with these ids as float32 [n, C, H, W] in [0, 1] (ink = 1).</summary>
    Tensor Images(ReadOnlySpan<long> imageIds);
}
