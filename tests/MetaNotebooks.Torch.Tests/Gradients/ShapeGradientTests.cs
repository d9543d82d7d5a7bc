using static MetaNotebooks.Torch.Tests.Gradients.Make;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>Views, copies, joins and splits: their backward routes every gradient element to the right place.</summary>
[Collection(NativeCollection.Name)]
public sealed class ShapeGradientTests : GradCaseTheories<ShapeGradientTests>, IGradCaseTable
{
    public static GradCase[] Cases { get; } =
    {
        GradCase.Of("reshape", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].reshape(4, 6))),
        GradCase.Of("reshape -1", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].reshape(-1, 2))),
        GradCase.Of("reshape_as", () => new[] { Randn(2, 6), Randn(3, 4) }, x => x[0].reshape_as(x[1]) * x[1]),
        GradCase.Of("view", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].view(6, 4))),
        GradCase.Of("view_as", () => new[] { Randn(12), Randn(3, 4) }, x => x[0].view_as(x[1]) * x[1]),
        GradCase.Of("permute", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].permute(2, 0, 1))),
        GradCase.Of("transpose", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].transpose(0, 2))),
        GradCase.Of("t", () => new[] { Randn(3, 4), Randn(4, 3) }, x => x[0].t() * x[1]),
        GradCase.Of("mT", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].mT)),
        GradCase.Of("squeeze", () => new[] { Randn(2, 1, 3, 1) }, x => Curve(x[0].squeeze())),
        GradCase.Of("squeeze dim", () => new[] { Randn(2, 1, 3, 1) }, x => Curve(x[0].squeeze(1))),
        GradCase.Of("unsqueeze", () => new[] { Randn(2, 3) }, x => Curve(x[0].unsqueeze(1))),
        GradCase.Of("expand", () => new[] { Randn(3, 1) }, x => Curve(x[0].expand(3, 4))),
        GradCase.Of("expand new dim", () => new[] { Randn(3, 1) }, x => Curve(x[0].expand(2, 3, 4))),
        GradCase.Of("expand_as", () => new[] { Randn(1, 4), Randn(3, 4) }, x => x[0].expand_as(x[1]) * x[1]),
        GradCase.Of("repeat", () => new[] { Randn(2, 3) }, x => Curve(x[0].repeat(2, 1, 2))),
        GradCase.Of("repeat_interleave", () => new[] { Randn(2, 3) }, x => Curve(x[0].repeat_interleave(2, 1))),
        GradCase.Of("cat dim 0", () => new[] { Randn(2, 3), Randn(1, 3), Randn(3, 3) }, x => Curve(torch.cat(x, 0))),
        GradCase.Of("cat dim 1", () => new[] { Randn(2, 3), Randn(2, 1) }, x => Curve(torch.cat(x, 1))),
        GradCase.Of("stack", () => new[] { Randn(2, 3), Randn(2, 3), Randn(2, 3) }, x => Curve(torch.stack(x, 1))),
        GradCase.Many("split", () => new[] { Randn(5, 3) }, x => x[0].split(2).Select(Curve).ToArray()),
        GradCase.Many("split sizes", () => new[] { Randn(2, 5) }, x => x[0].split(new long[] { 1, 3, 1 }, 1).Select(Curve).ToArray()),
        GradCase.Many("chunk", () => new[] { Randn(4, 6) }, x => x[0].chunk(3, 1).Select(Curve).ToArray()),
        GradCase.Of("narrow", () => new[] { Randn(3, 5) }, x => Curve(x[0].narrow(1, 1, 3))),
        GradCase.Of("select", () => new[] { Randn(3, 5) }, x => Curve(x[0].select(1, 2))),
        GradCase.Of("x[i]", () => new[] { Randn(3, 5) }, x => Curve(x[0][1])),
        GradCase.Of("x[i, j]", () => new[] { Randn(3, 2, 4) }, x => Curve(x[0][2, 1])),
        GradCase.Of("slice step", () => new[] { Randn(3, 7) }, x => Curve(x[0].slice(1, 1, 6, 2))),
        GradCase.Of("slice negative", () => new[] { Randn(5, 3) }, x => Curve(x[0].slice(0, -3, -1))),
        GradCase.Of("flatten", () => new[] { Randn(2, 3, 4) }, x => Curve(x[0].flatten())),
        GradCase.Of("flatten from dim 1", () => new[] { Randn(2, 3, 2, 2) }, x => Curve(x[0].flatten(1))),
        GradCase.Of("flip", () => new[] { Randn(2, 3, 4) }, x => x[0].flip(0, 2) * x[0]),
        GradCase.Of("tril", () => new[] { Randn(4, 4) }, x => Curve(x[0].tril())),
        GradCase.Of("triu", () => new[] { Randn(4, 4) }, x => Curve(x[0].triu(1))),
        GradCase.Of("rot90", () => new[] { Randn(3, 4) }, x => Curve(x[0].rot90())),
        GradCase.Of("contiguous", () => new[] { Randn(3, 4) }, x => Curve(x[0].t().contiguous())),
        GradCase.Of("clone", () => new[] { Randn(3, 4) }, x => Curve(x[0].clone())),
    };
}
