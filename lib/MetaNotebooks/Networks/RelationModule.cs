using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaNotebooks.Networks;

/// <summary>
/// The relation module g_phi of Relation Networks (Sung et al. 2018): two blocks of conv 3x3 (padding 1), batch norm,
/// ReLU and max-pool 2x2 over a pair's concatenated feature maps, then FC -> hidden (ReLU) -> 1 and a sigmoid: a
/// relation score in (0, 1). On 5x5 maps (28x28 images): 5 -> 2 -> 1, so the first FC takes <c>channels</c> features.
/// [P, 2 * channels, 5, 5] -> [P].
/// </summary>
public sealed class RelationModule : nn.Module<Tensor, Tensor>
{
    private readonly Sequential convs;
    private readonly Sequential fc;

    /// <param name="channels">Channels of one feature map (the embedding's filters); pairs have twice as many.</param>
    /// <param name="featureSize">Side of the feature maps (5 for 28x28 images).</param>
    /// <param name="hidden">Width of the hidden FC layer (8 in the paper).</param>
    public RelationModule(int channels = 64, int featureSize = 5, int hidden = 8) : base(nameof(RelationModule))
    {
        if (channels <= 0 || featureSize < 4 || hidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels), $"RelationModule sizes: channels {channels} and hidden {hidden} must be positive, featureSize {featureSize} at least 4.");
        Channels = channels;
        FeatureSize = featureSize;
        var pooled = featureSize / 2 / 2;
        convs = nn.Sequential(
            nn.Conv2d(2 * channels, channels, 3, padding: 1), nn.BatchNorm2d(channels), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(channels, channels, 3, padding: 1), nn.BatchNorm2d(channels), nn.ReLU(), nn.MaxPool2d(2));
        fc = nn.Sequential(nn.Linear(channels * pooled * pooled, hidden), nn.ReLU(), nn.Linear(hidden, 1), nn.Sigmoid());
        register_module("convs", convs);
        register_module("fc", fc);
    }

    /// <summary>Channels of one feature map.</summary>
    public int Channels { get; }

    /// <summary>Side of the feature maps it compares.</summary>
    public int FeatureSize { get; }

    /// <summary>Relation scores in (0, 1): pairs [P, 2C, h, w] -> [P].</summary>
    public override Tensor forward(Tensor pairs)
    {
        Shapes.Expect(pairs, nameof(pairs), $"[P, 2C, h, w] pairs of feature maps (C = {Channels}, h = w = {FeatureSize})", null, 2L * Channels, FeatureSize, FeatureSize);
        using var scope = NewDisposeScope();
        return fc.forward(convs.forward(pairs).flatten(1)).squeeze(1).MoveToOuterDisposeScope();
    }
}
