using MetaNotebooks.Tensors;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>The image check of the metric learners whose later layers have fixed sizes (Matching Networks' FCE, GNN's graph).</summary>
internal static class EpisodeImages
{
    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="images"/> are [M, 1, 28, 28] (what Conv4 embeds to a Hidden-d vector).</summary>
    public static void Require(Tensor images, string name, string learner)
    {
        if (images is null) throw new ArgumentNullException(name);
        if (images.dim() != 4 || images.size(1) != 1 || images.size(2) != 28 || images.size(3) != 28)
            throw new ArgumentException(
                $"{learner} embeds 1x28x28 Omniglot images, [M, 1, 28, 28]; {name} has shape {Shapes.Format(images)}. " +
                "Resize the images to 28x28 (Omniglot.Load does) and keep one channel.", name);
    }
}
