using static MetaNotebooks.Torch.Tests.Gradients.Make;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>Arithmetic and elementwise math: first and second derivatives against finite differences.</summary>
[Collection(NativeCollection.Name)]
public sealed class ElementwiseGradientTests
{
    private static readonly GradCase[] Cases =
    {
        GradCase.Of("add", () => new[] { Randn(3, 4), Randn(3, 4) }, x => x[0] + x[1]),
        GradCase.Of("add broadcast", () => new[] { Randn(3, 4), Randn(4) }, x => x[0] + x[1]),
        GradCase.Of("add alpha", () => new[] { Randn(3, 4), Randn(3, 4) }, x => x[0].add(x[1], 0.5)),
        GradCase.Of("sub", () => new[] { Randn(3, 4), Randn(3, 4) }, x => x[0] - x[1]),
        GradCase.Of("sub alpha", () => new[] { Randn(3, 4), Randn(1, 4) }, x => x[0].sub(x[1], 2.0)),
        GradCase.Of("mul", () => new[] { Randn(3, 4), Randn(3, 4) }, x => x[0] * x[1]),
        GradCase.Of("mul broadcast", () => new[] { Randn(2, 3, 1), Randn(1, 4) }, x => x[0].mul(x[1])),
        GradCase.Of("div", () => new[] { Randn(3, 4), AwayFromZero(3, 4) }, x => x[0] / x[1]),
        GradCase.Of("div broadcast", () => new[] { Randn(3, 4), AwayFromZero(3, 1) }, x => x[0].div(x[1])),
        GradCase.Of("tensor + scalar", () => new[] { Randn(3, 4) }, x => x[0] + 2.5),
        GradCase.Of("scalar + tensor", () => new[] { Randn(3, 4) }, x => 2.5 + x[0]),
        GradCase.Of("tensor + long scalar", () => new[] { Randn(3, 4) }, x => x[0] + 2L),
        GradCase.Of("tensor - scalar", () => new[] { Randn(3, 4) }, x => x[0] - 1.5),
        GradCase.Of("scalar - tensor", () => new[] { Randn(3, 4) }, x => 1.5 - x[0]),
        GradCase.Of("tensor * scalar", () => new[] { Randn(3, 4) }, x => x[0] * 3.0),
        GradCase.Of("scalar * tensor", () => new[] { Randn(3, 4) }, x => -2.0 * x[0]),
        GradCase.Of("tensor / scalar", () => new[] { Randn(3, 4) }, x => x[0] / 4.0),
        GradCase.Of("scalar / tensor", () => new[] { AwayFromZero(3, 4) }, x => 2.0 / x[0]),
        GradCase.Of("long scalar / tensor", () => new[] { AwayFromZero(3, 4) }, x => 3L / x[0]),
        GradCase.Of("neg", () => new[] { Randn(3, 4) }, x => -x[0]),
        GradCase.Of("pow double", () => new[] { Positive(3, 4) }, x => x[0].pow(2.5)),
        GradCase.Of("pow long", () => new[] { Randn(3, 4) }, x => x[0].pow(3L)),
        GradCase.Of("pow tensor", () => new[] { Positive(3, 4), Randn(3, 4) }, x => x[0].pow(x[1])),
        GradCase.Of("square", () => new[] { Randn(3, 4) }, x => x[0].square()),
        GradCase.Of("exp", () => new[] { Randn(3, 4) }, x => x[0].exp()),
        GradCase.Of("log", () => new[] { Positive(3, 4) }, x => x[0].log()),
        GradCase.Of("log1p", () => new[] { Positive(3, 4) }, x => x[0].log1p()),
        GradCase.Of("sqrt", () => new[] { Positive(3, 4) }, x => x[0].sqrt()),
        GradCase.Of("rsqrt", () => new[] { Positive(3, 4) }, x => x[0].rsqrt()),
        GradCase.Of("abs", () => new[] { AwayFromZero(3, 4) }, x => x[0].abs()),
        GradCase.Of("clamp", () => new[] { Distinct(3, 4) }, x => x[0].clamp(-0.9, 1.1)),
        GradCase.Of("clamp_min", () => new[] { Distinct(3, 4) }, x => x[0].clamp_min(0.1)),
        GradCase.Of("clamp_max", () => new[] { Distinct(3, 4) }, x => torch.clamp(x[0], max: -0.1)),
        GradCase.Of("sigmoid", () => new[] { Randn(3, 4) }, x => x[0].sigmoid()),
        GradCase.Of("tanh", () => new[] { Randn(3, 4) }, x => torch.tanh(x[0])),
        GradCase.Of("relu", () => new[] { AwayFromZero(3, 4) }, x => x[0].relu()),
        GradCase.Of("sin", () => new[] { Randn(3, 4) }, x => x[0].sin()),
        GradCase.Of("cos", () => new[] { Randn(3, 4) }, x => x[0].cos()),
        GradCase.Of("reciprocal", () => new[] { AwayFromZero(3, 4) }, x => x[0].reciprocal()),
        GradCase.Of("maximum", () => Apart(3, 4), x => torch.maximum(x[0], x[1])),
        GradCase.Of("minimum", () => Apart(3, 4), x => x[0].minimum(x[1])),
        GradCase.Of("composite", () => new[] { Randn(3, 4), Positive(4), Randn(3, 1) },
            x => (x[0] * x[1].log() - x[2].exp()).tanh() / (1.0 + x[0].square())),
        GradCase.Of("remainder", () => new[] { Randn(3, 4) }, x => (x[0] % 0.7) * x[0]),
        GradCase.Of("torch.* functions", () => new[] { Positive(3, 4) },
            x => torch.exp(torch.sin(x[0])) + torch.log(torch.sqrt(x[0])) * torch.cos(x[0]) - torch.pow(torch.abs(x[0]), 1.5) * torch.sigmoid(x[0])),
        GradCase.Of("alias", () => new[] { Randn(3, 4) }, x => x[0].alias() * x[0]),
        GradCase.Of("to float64 and double()", () => new[] { Randn(3, 4) }, x => x[0].to(torch.float64) * x[0].@double()),
        GradCase.Of("floor_divide", () => new[] { Randn(3, 4) }, x => x[0].floor_divide(2), zeroDerivative: true),
        GradCase.Of("floor", () => new[] { Randn(3, 4) }, x => x[0].floor(), zeroDerivative: true),
        GradCase.Of("ceil", () => new[] { Randn(3, 4) }, x => x[0].ceil(), zeroDerivative: true),
        GradCase.Of("round", () => new[] { Randn(3, 4) }, x => x[0].round(), zeroDerivative: true),
        GradCase.Of("sign", () => new[] { AwayFromZero(3, 4) }, x => x[0].sign(), zeroDerivative: true),
    };

    public static TheoryData<string> Ops => GradCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Ops))]
    public void First_derivative_matches_finite_differences(string op) => GradCase.Find(Cases, op).CheckFirstOrder();

    [Theory]
    [MemberData(nameof(Ops))]
    public void Second_derivative_matches_finite_differences(string op) => GradCase.Find(Cases, op).CheckSecondOrder();
}
