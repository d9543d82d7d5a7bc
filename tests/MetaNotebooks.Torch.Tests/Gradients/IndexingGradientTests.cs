using static MetaNotebooks.Torch.Tests.Gradients.Make;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>Gathering and scattering by index tensors and masks (the indices and masks are constants).</summary>
[Collection(NativeCollection.Name)]
public sealed class IndexingGradientTests : GradCaseTheories<IndexingGradientTests>, IGradCaseTable
{

    public static GradCase[] Cases { get; } =
    {
        GradCase.Of("index_select (repeated index)", () => new[] { Randn(4, 3), Index(new long[] { 2, 0, 2 }) },
            x => Curve(x[0].index_select(0, x[1]))),
        GradCase.Of("gather", () => new[] { Randn(3, 4), Index(new long[] { 0, 3, 1, 1, 2, 0 }, 3, 2) }, x => Curve(x[0].gather(1, x[1]))),
        // scatter with distinct indices per row (duplicates would make the result depend on write order).
        GradCase.Of("scatter", () => new[] { Randn(3, 5), Index(new long[] { 0, 3, 1, 4, 2, 0 }, 3, 2), Randn(3, 2) },
            x => Curve(x[0].scatter(1, x[1], x[2]))),
        GradCase.Of("scatter_add (repeated index)", () => new[] { Randn(3, 5), Index(new long[] { 0, 0, 1, 4, 2, 2 }, 3, 2), Randn(3, 2) },
            x => Curve(x[0].scatter_add(1, x[1], x[2]))),
        GradCase.Of("masked_fill", () => new[] { Randn(3, 4), Mask(3, 4) }, x => Curve(x[0].masked_fill(x[1], 0.5))),
        GradCase.Of("where", () => new[] { Mask(3, 4), Randn(3, 4), Randn(3, 4) }, x => Curve(torch.where(x[0], x[1], x[2]))),
        GradCase.Of("where broadcast", () => new[] { Mask(3, 1), Randn(3, 4), Randn(4) }, x => Curve(torch.where(x[0], x[1], x[2]))),
        GradCase.Of("x[index tensor]", () => new[] { Randn(4, 3), Index(new long[] { 3, 1, 3, 0 }) }, x => Curve(x[0][x[1]])),
        GradCase.Of("x[bool mask]", () => new[] { Randn(3, 4), Mask(3, 4) }, x => Curve(x[0][x[1]])),
        GradCase.Of("masked_select", () => new[] { Randn(3, 4), Mask(4) }, x => Curve(x[0].masked_select(x[1]))),
    };
}
