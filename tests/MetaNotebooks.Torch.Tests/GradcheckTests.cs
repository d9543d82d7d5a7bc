namespace MetaNotebooks.Torch.Tests;

/// <summary>torch.autograd.gradcheck and gradgradcheck themselves: they pass correct gradients and catch wrong ones.</summary>
[Collection(NativeCollection.Name)]
public sealed class GradcheckTests
{
    private static Tensor Leaf(params long[] shape) => torch.randn(shape, torch.float64, requires_grad: true);

    [Fact]
    public void Passes_a_correct_gradient_and_compares_the_whole_Jacobian()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var x = Leaf(3, 4);
        var result = torch.autograd.gradcheck(t => t[0].exp(), new[] { x });
        Assert.True(result.Passed);
        Assert.Equal("gradcheck", result.Check);
        Assert.Equal(12 * 12, result.Entries);
        Assert.True(result.MaxAbsError < 1e-7, result.Message);
        Assert.True(result.MaxRelError < 1e-7, result.Message);
        Assert.Equal(x.exp().max().item(), result.MaxAbsDerivative, 6);
        Assert.StartsWith("gradcheck passed: 144 Jacobian entries", result.Message);
    }

    [Fact]
    public void Catches_a_wrong_gradient_and_names_the_input_and_element()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        var (a, b) = (Leaf(2, 3), Leaf(2, 3));
        // b * b.detach() has derivative 2b, but autograd sees only the first factor: b. The error is largest where |b| is.
        var result = torch.autograd.gradcheck(t => t[0].sin() + t[1] * t[1].detach(), new[] { a, b }, raise_exception: false);
        Assert.False(result.Passed);
        var worst = result.Worst!;
        var values = b.data<double>();
        var k = Array.IndexOf(values, values.MaxBy(Math.Abs));
        Assert.Equal(1, worst.Input);
        Assert.Equal(new long[] { k / 3, k % 3 }, worst.InputIndex);
        Assert.Equal(worst.InputIndex, worst.OutputIndex);
        Assert.Equal(values[k], worst.Analytical, 12);
        Assert.Equal(2 * values[k], worst.Numerical, 6);
        Assert.Equal(Math.Abs(values[k]), result.MaxAbsError, 6);
        Assert.Contains($"d(output 0)[{k / 3}, {k % 3}] / d(input 1)[{k / 3}, {k % 3}]", result.Message);
        Assert.StartsWith("gradcheck failed", result.Message);
    }

    [Fact]
    public void Throws_by_default_with_the_result_attached()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var x = Leaf(4);
        var error = Assert.Throws<GradcheckException>(() => torch.autograd.gradcheck(t => t[0] * t[0].detach(), new[] { x }));
        Assert.False(error.Result.Passed);
        Assert.Equal(error.Result.Message, error.Message);
        Assert.Contains("input 0", error.Message);
    }

    [Fact]
    public void Gradgradcheck_catches_a_wrong_second_derivative_behind_a_correct_first()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var x = Leaf(3);
        // The value is exp(x) and so is the first derivative, but the derivative's graph is cut: autograd's second
        // derivative is 0 where it should be exp(x).
        Tensor CutSecondDerivative(Tensor[] t)
        {
            var e = t[0].exp();
            return t[0] * e.detach() + (e - t[0] * e).detach();
        }
        Assert.True(torch.autograd.gradcheck(CutSecondDerivative, new[] { x }).Passed);
        var result = torch.autograd.gradgradcheck(CutSecondDerivative, new[] { x }, raise_exception: false);
        Assert.False(result.Passed);
        Assert.Equal("gradgradcheck", result.Check);
        Assert.Equal("input 0", result.Worst!.InputName);
        Assert.Equal("d(outputs)/d(input 0)", result.Worst.OutputName);
        Assert.Equal(0.0, result.Worst.Analytical);
        Assert.True(torch.autograd.gradgradcheck(t => t[0].exp(), new[] { x }).Passed);
    }

    [Fact]
    public void Gradgradcheck_differentiates_with_respect_to_inputs_and_grad_outputs()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var x = Leaf(3);
        var grad_output = Leaf(3);
        var result = torch.autograd.gradgradcheck(t => t[0].pow(3L), new[] { x }, new[] { grad_output });
        // First derivative g = 3 x^2 * grad_output (3 values), checked against x (3) and grad_output (3).
        Assert.Equal(3 * 6, result.Entries);
        Assert.True(result.Passed, result.Message);
        Assert.Equal((6 * x * grad_output).abs().max().item(), result.MaxAbsDerivative, 5);
    }

    [Fact]
    public void Checks_only_the_inputs_that_require_grad()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(6);
        var x = Leaf(4, 3);
        var index = torch.tensor(new long[] { 3, 0 });
        var scale = torch.randn(new long[] { 3 }, torch.float64);
        var result = torch.autograd.gradcheck(t => t[0].index_select(0, t[1]) * t[2], new[] { x, index, scale });
        Assert.Equal(6 * 12, result.Entries);
        Assert.True(result.Passed);
    }

    [Fact]
    public void Works_inside_no_grad()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        var x = Leaf(3);
        using (torch.no_grad()) Assert.True(torch.autograd.gradgradcheck(t => t[0].sigmoid(), new[] { x }).Passed);
        Assert.True(torch.is_grad_enabled());
    }

    [Fact]
    public void Rejects_float32_inputs_and_inputs_without_grad()
    {
        using var scope = torch.NewDisposeScope();
        var single = torch.randn(new long[] { 3 }, requires_grad: true);
        var error = Assert.Throws<ArgumentException>(() => torch.autograd.gradcheck(t => t[0].exp(), new[] { single }));
        Assert.Contains("float64", error.Message);
        var constant = torch.randn(new long[] { 3 }, torch.float64);
        error = Assert.Throws<ArgumentException>(() => torch.autograd.gradcheck(t => t[0].exp(), new[] { constant }));
        Assert.Contains("requires grad", error.Message);
    }

    [Fact]
    public void Frees_every_tensor_it_makes()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        var x = Leaf(2, 3);
        var w = Leaf(4, 3);
        var before = scope.Count;
        torch.autograd.gradcheck(t => torch.nn.functional.linear(t[0], t[1]).tanh(), new[] { x, w });
        torch.autograd.gradgradcheck(t => torch.nn.functional.linear(t[0], t[1]).tanh(), new[] { x, w });
        Assert.Equal(before, scope.Count);
        Assert.False(x.IsDisposed);
        Assert.Null(x.grad);
    }
}
