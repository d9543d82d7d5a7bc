using static MetaNotebooks.Torch.Tests.Gradients.Make;
using F = MetaNotebooks.Torch.torch.nn.functional;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>torch.nn.functional: layers, normalisation, pooling, activations, losses, distances, resizing, padding.</summary>
[Collection(NativeCollection.Name)]
public sealed class FunctionalGradientTests : GradCaseTheories<FunctionalGradientTests>, IGradCaseTable
{

    private static Tensor[] Logits() => new[] { Randn(4, 3), Index(new long[] { 0, 2, 1, 2 }) };

    private static Tensor ClassWeights() => Const(new[] { 0.5, 1.0, 2.0 }, 3);

    private static Tensor RunningMean() => Const(new[] { 0.1, -0.2, 0.3 }, 3);

    private static Tensor RunningVar() => Const(new[] { 0.8, 1.5, 0.6 }, 3);

    public static GradCase[] Cases { get; } =
    {
        // ---- layers ----
        GradCase.Of("linear", () => new[] { Randn(3, 4), Randn(2, 4), Randn(2) }, x => Curve(F.linear(x[0], x[1], x[2]))),
        GradCase.Of("linear no bias", () => new[] { Randn(3, 4), Randn(2, 4) }, x => Curve(F.linear(x[0], x[1]))),
        GradCase.Of("linear 3-D input", () => new[] { Randn(2, 3, 4), Randn(2, 4), Randn(2) }, x => Curve(F.linear(x[0], x[1], x[2]))),
        GradCase.Of("conv2d", () => new[] { Randn(2, 2, 4, 4), Randn(3, 2, 3, 3), Randn(3) }, x => Curve(F.conv2d(x[0], x[1], x[2]))),
        GradCase.Of("conv2d stride 2", () => new[] { Randn(1, 2, 5, 5), Randn(2, 2, 3, 3), Randn(2) }, x => Curve(F.conv2d(x[0], x[1], x[2], stride: 2))),
        GradCase.Of("conv2d padding 1", () => new[] { Randn(1, 2, 4, 4), Randn(2, 2, 3, 3), Randn(2) }, x => Curve(F.conv2d(x[0], x[1], x[2], padding: 1))),
        GradCase.Of("conv2d groups 2", () => new[] { Randn(1, 4, 4, 4), Randn(4, 2, 3, 3), Randn(4) }, x => Curve(F.conv2d(x[0], x[1], x[2], groups: 2))),
        GradCase.Of("conv2d stride 2 padding 1 groups 2", () => new[] { Randn(2, 2, 5, 5), Randn(4, 1, 3, 3), Randn(4) },
            x => Curve(F.conv2d(x[0], x[1], x[2], stride: 2, padding: 1, groups: 2))),
        GradCase.Of("conv2d dilation 2 no bias", () => new[] { Randn(1, 1, 6, 6), Randn(2, 1, 3, 3) }, x => Curve(F.conv2d(x[0], x[1], dilation: 2))),
        GradCase.Of("conv2d rectangular stride and padding", () => new[] { Randn(1, 2, 4, 5), Randn(2, 2, 2, 3), Randn(2) },
            x => Curve(F.conv2d(x[0], x[1], x[2], new long[] { 1, 2 }, new long[] { 1, 0 }))),

        // ---- normalisation ----
        GradCase.Of("batch_norm training, batch statistics only", () => new[] { Randn(4, 3, 2, 2), Randn(3), Randn(3) },
            x => Curve(F.batch_norm(x[0], null, null, x[1], x[2], training: true))),
        GradCase.Of("batch_norm training, updating running stats", () => new[] { Randn(4, 3, 2, 2), Randn(3), Randn(3), RunningMean(), RunningVar() },
            x => Curve(F.batch_norm(x[0], x[3], x[4], x[1], x[2], training: true, momentum: 0.1))),
        GradCase.Of("batch_norm eval, running stats", () => new[] { Randn(4, 3, 2, 2), Randn(3), Randn(3), RunningMean(), RunningVar() },
            x => Curve(F.batch_norm(x[0], x[3], x[4], x[1], x[2], training: false))),
        GradCase.Of("batch_norm training, no affine", () => new[] { Randn(4, 3, 2, 2) }, x => Curve(F.batch_norm(x[0], null, null, training: true))),
        GradCase.Of("batch_norm training, 2-D input", () => new[] { Randn(5, 3), Randn(3), Randn(3) },
            x => Curve(F.batch_norm(x[0], null, null, x[1], x[2], training: true, eps: 1e-3))),
        GradCase.Of("layer_norm", () => new[] { Randn(3, 4), Randn(4), Randn(4) }, x => Curve(F.layer_norm(x[0], new long[] { 4 }, x[1], x[2]))),
        GradCase.Of("layer_norm two dims", () => new[] { Randn(2, 3, 4), Randn(3, 4), Randn(3, 4) }, x => Curve(F.layer_norm(x[0], new long[] { 3, 4 }, x[1], x[2]))),
        GradCase.Of("layer_norm no affine", () => new[] { Randn(3, 5) }, x => Curve(F.layer_norm(x[0], new long[] { 5 }))),

        // ---- pooling ----
        GradCase.Of("max_pool2d", () => new[] { Distinct(1, 2, 4, 4) }, x => Curve(F.max_pool2d(x[0], 2))),
        GradCase.Of("max_pool2d kernel 3 stride 2 padding 1", () => new[] { Distinct(1, 1, 5, 5) }, x => Curve(F.max_pool2d(x[0], 3, stride: 2, padding: 1))),
        GradCase.Of("max_pool2d ceil_mode", () => new[] { Distinct(1, 1, 5, 5) }, x => Curve(F.max_pool2d(x[0], 2, ceil_mode: true))),
        GradCase.Of("avg_pool2d", () => new[] { Randn(1, 2, 4, 4) }, x => Curve(F.avg_pool2d(x[0], 2))),
        GradCase.Of("avg_pool2d kernel 3 stride 2 padding 1", () => new[] { Randn(1, 1, 5, 5) }, x => Curve(F.avg_pool2d(x[0], 3, stride: 2, padding: 1))),
        GradCase.Of("avg_pool2d padding excluded, ceil_mode", () => new[] { Randn(1, 1, 5, 5) },
            x => Curve(F.avg_pool2d(x[0], 2, padding: 1, ceil_mode: true, count_include_pad: false))),
        GradCase.Of("adaptive_avg_pool2d 5x5 to 3x3", () => new[] { Randn(1, 2, 5, 5) }, x => Curve(F.adaptive_avg_pool2d(x[0], 3))),
        GradCase.Of("adaptive_avg_pool2d to 2x3", () => new[] { Randn(2, 1, 4, 5) }, x => Curve(F.adaptive_avg_pool2d(x[0], new long[] { 2, 3 }))),
        GradCase.Of("adaptive_avg_pool2d to 1x1", () => new[] { Randn(2, 2, 3, 3) }, x => Curve(F.adaptive_avg_pool2d(x[0], 1))),

        // ---- activations ----
        GradCase.Of("relu", () => new[] { AwayFromZero(3, 4) }, x => Curve(F.relu(x[0]))),
        GradCase.Of("leaky_relu", () => new[] { AwayFromZero(3, 4) }, x => Curve(F.leaky_relu(x[0], 0.1))),
        GradCase.Of("elu", () => new[] { AwayFromZero(3, 4) }, x => Curve(F.elu(x[0], 0.7))),
        GradCase.Of("gelu", () => new[] { Randn(3, 4) }, x => F.gelu(x[0])),
        GradCase.Of("gelu tanh", () => new[] { Randn(3, 4) }, x => F.gelu(x[0], approximate: "tanh")),
        GradCase.Of("sigmoid", () => new[] { Randn(3, 4) }, x => F.sigmoid(x[0])),
        GradCase.Of("tanh", () => new[] { Randn(3, 4) }, x => F.tanh(x[0])),
        GradCase.Of("softmax dim 1", () => new[] { Randn(3, 4) }, x => F.softmax(x[0], 1)),
        GradCase.Of("softmax dim 0", () => new[] { Randn(3, 4) }, x => F.softmax(x[0], 0)),
        GradCase.Of("log_softmax", () => new[] { Randn(3, 4) }, x => F.log_softmax(x[0], -1)),
        GradCase.Of("dropout eval", () => new[] { Randn(3, 4) }, x => Curve(F.dropout(x[0], 0.5, training: false))),
        // Reseeding inside the function draws the same mask on every call, which makes training-mode dropout deterministic.
        GradCase.Of("dropout training (same mask each call)", () => new[] { Randn(4, 5) }, x =>
        {
            torch.manual_seed(7);
            return Curve(F.dropout(x[0], 0.4, training: true));
        }),

        // ---- losses ----
        GradCase.Of("cross_entropy", Logits, x => F.cross_entropy(x[0], x[1])),
        GradCase.Of("cross_entropy sum", Logits, x => F.cross_entropy(x[0], x[1], reduction: "sum")),
        GradCase.Of("cross_entropy none", Logits, x => F.cross_entropy(x[0], x[1], reduction: "none")),
        GradCase.Of("cross_entropy weight", Logits, x => F.cross_entropy(x[0], x[1], ClassWeights())),
        GradCase.Of("cross_entropy label_smoothing", Logits, x => F.cross_entropy(x[0], x[1], label_smoothing: 0.1)),
        GradCase.Of("cross_entropy weight and label_smoothing", Logits, x => F.cross_entropy(x[0], x[1], ClassWeights(), label_smoothing: 0.2)),
        GradCase.Of("cross_entropy ignore_index", Logits, x => F.cross_entropy(x[0], x[1], ignore_index: 1)),
        GradCase.Of("nll_loss", Logits, x => F.nll_loss(x[0], x[1])),
        GradCase.Of("nll_loss of log_softmax, weight", Logits, x => F.nll_loss(F.log_softmax(x[0], 1), x[1], ClassWeights())),
        GradCase.Of("nll_loss none", Logits, x => Curve(F.nll_loss(x[0], x[1], reduction: "none"))),
        GradCase.Of("mse_loss", () => new[] { Randn(3, 4), Randn(3, 4) }, x => F.mse_loss(x[0], x[1])),
        GradCase.Of("mse_loss sum", () => new[] { Randn(3, 4), Randn(3, 4) }, x => F.mse_loss(x[0], x[1], "sum")),
        GradCase.Of("mse_loss none", () => new[] { Randn(3, 4), Randn(3, 4) }, x => F.mse_loss(x[0], x[1], "none")),
        GradCase.Of("l1_loss", () => Apart(3, 4), x => Curve(F.l1_loss(x[0], x[1]))),
        GradCase.Of("l1_loss none", () => Apart(3, 4), x => Curve(F.l1_loss(x[0], x[1], "none"))),
        GradCase.Of("binary_cross_entropy_with_logits", () => new[] { Randn(3, 4), Uniform(0, 1, 3, 4) },
            x => F.binary_cross_entropy_with_logits(x[0], x[1])),
        // weight and pos_weight are constants: PyTorch does not differentiate with respect to them either.
        GradCase.Of("binary_cross_entropy_with_logits weight, pos_weight, sum", () => new[] { Randn(3, 4), Uniform(0, 1, 3, 4), Const(new[] { 0.5, 2.0, 1.0 }, 3, 1), Const(new[] { 1.0, 3.0, 0.5, 2.0 }, 4) },
            x => F.binary_cross_entropy_with_logits(x[0], x[1], x[2], "sum", x[3])),
        GradCase.Of("binary_cross_entropy", () => new[] { Uniform(0.1, 0.9, 3, 4), Uniform(0, 1, 3, 4) }, x => F.binary_cross_entropy(x[0], x[1])),
        GradCase.Of("binary_cross_entropy weight none", () => new[] { Uniform(0.1, 0.9, 3, 4), Uniform(0, 1, 3, 4), Const(new[] { 0.5, 2.0, 1.0 }, 3, 1) },
            x => F.binary_cross_entropy(x[0], x[1], x[2], "none")),

        // ---- similarities and distances ----
        GradCase.Of("cosine_similarity", () => new[] { Randn(3, 4), Randn(3, 4) }, x => F.cosine_similarity(x[0], x[1])),
        GradCase.Of("cosine_similarity dim 0 broadcast", () => new[] { Randn(3, 4), Randn(3, 1) }, x => F.cosine_similarity(x[0], x[1], 0)),
        GradCase.Of("pairwise_distance", () => new[] { Randn(3, 4), Randn(3, 4) }, x => F.pairwise_distance(x[0], x[1])),
        GradCase.Of("pairwise_distance p=1 keepdim", () => Apart(3, 4), x => F.pairwise_distance(x[0], x[1], 1, keepdim: true)),
        GradCase.Of("cdist", () => new[] { Randn(3, 4), Randn(2, 4) }, x => F.cdist(x[0], x[1])),
        GradCase.Of("cdist batched", () => new[] { Randn(2, 3, 4), Randn(2, 2, 4) }, x => torch.cdist(x[0], x[1])),
        GradCase.Of("cdist p=1", () => new[] { Randn(3, 4), Randn(2, 4) }, x => F.cdist(x[0], x[1], 1)),
        GradCase.Of("cdist p=3", () => new[] { Randn(3, 4), Randn(2, 4) }, x => F.cdist(x[0], x[1], 3)),
        GradCase.Of("cdist broadcast batch", () => new[] { Randn(3, 4), Randn(2, 2, 4) }, x => F.cdist(x[0], x[1])),
        GradCase.Of("cdist 30 rows", () => new[] { Randn(30, 2), Randn(2, 2) }, x => F.cdist(x[0], x[1])),

        // ---- resizing and padding ----
        GradCase.Of("interpolate bilinear up", () => new[] { Randn(1, 2, 3, 3) }, x => Curve(F.interpolate(x[0], new long[] { 5, 4 }, "bilinear"))),
        GradCase.Of("interpolate bilinear align_corners", () => new[] { Randn(1, 1, 3, 4) },
            x => Curve(F.interpolate(x[0], new long[] { 4, 6 }, "bilinear", align_corners: true))),
        GradCase.Of("interpolate bilinear down", () => new[] { Randn(1, 1, 5, 6) }, x => Curve(F.interpolate(x[0], new long[] { 3, 4 }, "bilinear"))),
        GradCase.Of("interpolate area", () => new[] { Randn(1, 2, 6, 5) }, x => Curve(F.interpolate(x[0], new long[] { 3, 2 }, "area"))),
        GradCase.Of("interpolate nearest up", () => new[] { Randn(1, 1, 2, 3) }, x => Curve(F.interpolate(x[0], new long[] { 4, 5 }))),
        GradCase.Of("interpolate nearest down", () => new[] { Randn(1, 1, 5, 4) }, x => Curve(F.interpolate(x[0], new long[] { 2, 3 }, "nearest"))),
        GradCase.Of("pad constant 1-D", () => new[] { Randn(2, 3) }, x => Curve(F.pad(x[0], new long[] { 1, 2 }))),
        GradCase.Of("pad constant 2-D value", () => new[] { Randn(1, 1, 3, 3) }, x => Curve(F.pad(x[0], new long[] { 1, 0, 2, 1 }, value: 0.5))),
        GradCase.Of("pad reflect 1-D", () => new[] { Randn(1, 2, 4) }, x => Curve(F.pad(x[0], new long[] { 2, 1 }, "reflect"))),
        GradCase.Of("pad reflect 2-D", () => new[] { Randn(1, 1, 3, 4) }, x => Curve(F.pad(x[0], new long[] { 1, 2, 2, 1 }, "reflect"))),
        GradCase.Of("pad replicate 1-D", () => new[] { Randn(1, 2, 3) }, x => Curve(F.pad(x[0], new long[] { 2, 1 }, "replicate"))),
        GradCase.Of("pad replicate 2-D", () => new[] { Randn(1, 1, 3, 3) }, x => Curve(F.pad(x[0], new long[] { 1, 2, 2, 1 }, "replicate"))),
    };
}
