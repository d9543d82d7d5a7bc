using static MetaNotebooks.Torch.Tests.Gradients.Make;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>Reductions over all elements and over dims, with and without keepdim.</summary>
[Collection(NativeCollection.Name)]
public sealed class ReductionGradientTests : GradCaseTheories<ReductionGradientTests>, IGradCaseTable
{

    public static GradCase[] Cases { get; } =
    {
        GradCase.Of("sum", () => new[] { Randn(3, 4) }, x => Curve(x[0].sum())),
        GradCase.Of("sum dim", () => new[] { Randn(3, 4) }, x => Curve(x[0].sum(1))),
        GradCase.Of("sum dims keepdim", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].sum(new long[] { 0, 2 }, keepdim: true))),
        GradCase.Of("mean", () => new[] { Randn(3, 4) }, x => Curve(x[0].mean())),
        GradCase.Of("mean dim", () => new[] { Randn(3, 4) }, x => Curve(x[0].mean(0))),
        GradCase.Of("mean dims keepdim", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].mean(new long[] { 1, 2 }, keepdim: true))),
        GradCase.Of("prod", () => new[] { Uniform(0.5, 1.5, 2, 3) }, x => x[0].prod()),
        GradCase.Of("max", () => new[] { Distinct(3, 4) }, x => Curve(x[0].max())),
        GradCase.Of("min", () => new[] { Distinct(3, 4) }, x => Curve(x[0].min())),
        GradCase.Of("max dim", () => new[] { Distinct(3, 4) }, x => Curve(x[0].max(1).values)),
        GradCase.Of("min dim keepdim", () => new[] { Distinct(3, 4) }, x => Curve(x[0].min(0, keepdim: true).values)),
        GradCase.Of("logsumexp dim", () => new[] { Randn(3, 4) }, x => x[0].logsumexp(1)),
        GradCase.Of("logsumexp dims keepdim", () => new[] { Randn(2, 3, 4) }, x => torch.logsumexp(x[0], 2, keepdim: true)),
        GradCase.Of("logsumexp two dims", () => new[] { Randn(2, 3, 4) }, x => x[0].logsumexp(new long[] { 0, 2 })),
        GradCase.Of("std", () => new[] { Randn(3, 4) }, x => x[0].std()),
        GradCase.Of("std dim", () => new[] { Randn(3, 4) }, x => x[0].std(1)),
        GradCase.Of("std dim biased keepdim", () => new[] { Randn(3, 4) }, x => x[0].std(0, unbiased: false, keepdim: true)),
        GradCase.Of("var", () => new[] { Randn(3, 4) }, x => x[0].var()),
        GradCase.Of("var dim biased", () => new[] { Randn(3, 4) }, x => x[0].var(1, unbiased: false)),
        GradCase.Of("var dims", () => new[] { Randn(2, 3, 4) }, x => x[0].var(new long[] { 0, 2 })),
        GradCase.Of("norm", () => new[] { Randn(3, 4) }, x => x[0].norm()),
        GradCase.Of("norm p=1 dim", () => new[] { AwayFromZero(3, 4) }, x => x[0].norm(1, 1)),
        GradCase.Of("norm p=3 dim keepdim", () => new[] { AwayFromZero(3, 4) }, x => x[0].norm(3, 0, keepdim: true)),
        GradCase.Of("cumsum", () => new[] { Randn(3, 4) }, x => Curve(x[0].cumsum(1))),
        GradCase.Of("cumsum dim 0", () => new[] { Randn(3, 4) }, x => Curve(x[0].cumsum(0))),
        GradCase.Of("sort values", () => new[] { Distinct(3, 4) }, x => Curve(x[0].sort(1, descending: true).values)),
        GradCase.Of("topk values", () => new[] { Distinct(3, 5) }, x => Curve(x[0].topk(2).values)),
    };
}
