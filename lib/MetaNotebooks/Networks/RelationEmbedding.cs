using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaNotebooks.Networks;

/// <summary>
/// The embedding module f_phi of Relation Networks (Sung et al. 2018, Omniglot): four blocks of conv 3x3 (64 filters),
/// batch norm and ReLU; the first two convolve without padding and max-pool 2x2, the last two pad by 1 and do not pool,
/// so the output keeps a spatial feature map for the relation module to compare. On 1x28x28 images:
/// 28 -> 26 -> 13 -> 11 -> 5 -> 5 -> 5, i.e. [M, 1, 28, 28] -> [M, hidden, 5, 5] (the paper's code does the same).
/// </summary>
public sealed class RelationEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    /// <param name="hidden">Filters per block (64 in the paper).</param>
    public RelationEmbedding(int hidden = 64) : base(nameof(RelationEmbedding))
    {
        if (hidden <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "RelationEmbedding needs a positive number of filters.");
        Hidden = hidden;
        body = nn.Sequential(
            nn.Conv2d(1, hidden, 3), nn.BatchNorm2d(hidden), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(hidden, hidden, 3), nn.BatchNorm2d(hidden), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(hidden, hidden, 3, padding: 1), nn.BatchNorm2d(hidden), nn.ReLU(),
            nn.Conv2d(hidden, hidden, 3, padding: 1), nn.BatchNorm2d(hidden), nn.ReLU());
        register_module("body", body);
    }

    /// <summary>Filters per block: the feature maps' channels.</summary>
    public int Hidden { get; }

    /// <summary>The side of the output feature map for square images of side <paramref name="imageSize"/> (28 -> 5).</summary>
    public static int FeatureSize(int imageSize) => ((imageSize - 2) / 2 - 2) / 2;

    /// <summary>Feature maps: images [M, 1, H, W] -> [M, hidden, h, w] (5x5 for 28x28).</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.size(1) != 1)
            throw new ArgumentException($"RelationEmbedding wants images [M, 1, H, W]; got shape {Shapes.Format(input)}.", nameof(input));
        if (input.size(2) < 10 || input.size(3) < 10)
            throw new ArgumentException($"RelationEmbedding needs images of at least 10x10 (two unpadded convolutions and two poolings); got shape {Shapes.Format(input)}.", nameof(input));
        return body.forward(input);
    }
}
