using static MetaNotebooks.Torch.Tests.Gradients.Make;
using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>
/// Modules run functionally, forward(input, parameters), as MAML runs its fast weights: gradients with respect to the
/// input and to every substituted parameter.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class ModuleGradientTests
{
    private static readonly nn.Linear Linear = new(4, 3, dtype: torch.float64);
    private static readonly nn.Conv2d Conv = new(2, 4, 3, stride: 2, padding: 1, groups: 2, dtype: torch.float64);
    private static readonly nn.BatchNorm2d BatchNorm = new(3, track_running_stats: false, dtype: torch.float64);
    private static readonly nn.BatchNorm2d BatchNormEval = Evaluating(new nn.BatchNorm2d(3, dtype: torch.float64));
    private static readonly nn.LayerNorm LayerNorm = new(new long[] { 3, 4 }, dtype: torch.float64);
    private static readonly nn.LSTMCell Lstm = new(3, 4, dtype: torch.float64);
    private static readonly nn.Sequential Net = new(
        new nn.Conv2d(1, 2, 3, padding: 1, dtype: torch.float64),
        new nn.BatchNorm2d(2, track_running_stats: false, dtype: torch.float64),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(8, 3, dtype: torch.float64));

    private static nn.BatchNorm2d Evaluating(nn.BatchNorm2d bn)
    {
        using var scope = torch.NewDisposeScope();
        bn.running_mean!.copy_(torch.tensor(new[] { 0.1, -0.2, 0.3 }));
        bn.running_var!.copy_(torch.tensor(new[] { 0.8, 1.5, 0.6 }));
        bn.eval();
        return bn;
    }

    /// <summary>The input followed by random values for each of the module's parameters.</summary>
    private static Tensor[] InputAndParameters(nn.Module module, params long[] inputShape) =>
        new[] { Randn(inputShape) }.Concat(module.parameters().Select(p => Randn(p.shape))).ToArray();

    private static readonly GradCase[] Cases =
    {
        GradCase.Of("Linear", () => InputAndParameters(Linear, 2, 4), x => Linear.forward(x[0], x[1..])),
        GradCase.Of("Conv2d stride 2 padding 1 groups 2", () => InputAndParameters(Conv, 2, 2, 4, 4), x => Conv.forward(x[0], x[1..])),
        GradCase.Of("BatchNorm2d training (batch statistics)", () => InputAndParameters(BatchNorm, 4, 3, 2, 2), x => BatchNorm.forward(x[0], x[1..])),
        GradCase.Of("BatchNorm2d eval (running statistics)", () => InputAndParameters(BatchNormEval, 2, 3, 2, 2), x => BatchNormEval.forward(x[0], x[1..])),
        GradCase.Of("LayerNorm", () => InputAndParameters(LayerNorm, 2, 3, 4), x => LayerNorm.forward(x[0], x[1..])),
        GradCase.Many("LSTMCell (h and c)", () => new[] { Randn(2, 3), Randn(2, 4), Randn(2, 4) }.Concat(Lstm.parameters().Select(p => Randn(p.shape))).ToArray(),
            x =>
            {
                var (h, c) = Lstm.forward((x[0], x[1], x[2]), x[3..]);
                return new[] { h, c };
            }),
        GradCase.Of("Sequential conv-batchnorm-relu-maxpool-linear", () => InputAndParameters(Net, 2, 1, 4, 4), x => Net.forward(x[0], x[1..])),
    };

    public static TheoryData<string> Modules => GradCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Modules))]
    public void First_derivative_matches_finite_differences(string module) => GradCase.Find(Cases, module).CheckFirstOrder();

    [Theory]
    [MemberData(nameof(Modules))]
    public void Second_derivative_matches_finite_differences(string module) => GradCase.Find(Cases, module).CheckSecondOrder();

    [Fact]
    public void A_functional_call_leaves_the_module_untouched()
    {
        using var threads = new SingleThread();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var before = BatchNormEval.parameters().Select(p => p.detach().clone()).ToArray();
        var inputs = InputAndParameters(BatchNormEval, 2, 3, 2, 2);
        torch.autograd.gradgradcheck(x => BatchNormEval.forward(x[0], x[1..]), inputs);
        foreach (var (p, b) in BatchNormEval.parameters().Zip(before)) Assert.True(p.equal(b));
        Assert.All(BatchNormEval.parameters(), p => Assert.Null(p.grad));
    }
}
