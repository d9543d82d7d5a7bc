namespace MetaNotebooks.Torch.Tests;

/// <summary>Bugs the gradient checks found in the engine, pinned down.</summary>
[Collection(NativeCollection.Name)]
public sealed class AutogradRegressionTests
{
    [Fact]
    public void Factories_honour_requires_grad()
    {
        // ATen's factories ignore requires_grad in their options (and at::empty rejects it): the shim sets it afterwards.
        using var scope = torch.NewDisposeScope();
        var shape = new long[] { 2, 3 };
        var made = new[]
        {
            torch.randn(shape, torch.float64, requires_grad: true),
            torch.rand(shape, torch.float64, requires_grad: true),
            torch.zeros(shape, torch.float64, requires_grad: true),
            torch.ones(shape, torch.float64, requires_grad: true),
            torch.empty(shape, torch.float64, requires_grad: true),
            torch.full(shape, 0.5, torch.float64, requires_grad: true),
            torch.eye(3, dtype: torch.float64, requires_grad: true),
            torch.arange(0.0, 3.0, dtype: torch.float64, requires_grad: true),
            torch.linspace(0, 1, 5, torch.float64, requires_grad: true),
            torch.zeros_like(torch.ones(shape), requires_grad: true),
        };
        foreach (var t in made)
        {
            Assert.True(t.requires_grad);
            Assert.True(t.is_leaf);
            var g = torch.autograd.grad((t * t).sum(), new[] { t })[0];
            Assert.True(g.allclose(t * 2));
        }
        Assert.False(torch.randn(shape).requires_grad);
    }

    [Fact]
    public void A_gradient_autograd_knows_is_zero_reads_back_as_zeros()
    {
        // libtorch returns an "efficient zero tensor" without storage for the second derivative of abs; reading its data
        // used to crash the process (a null pointer in copy_out).
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { -1.5, 2.0, 0.5 }, requires_grad: true);
        var dx = torch.autograd.grad(x.abs().sum(), new[] { x }, create_graph: true)[0];
        Assert.Equal(new[] { -1.0, 1.0, 1.0 }, dx.data<double>());
        var d2x = torch.autograd.grad(new[] { dx }, new[] { x }, new[] { torch.ones_like(dx) })[0]!;
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, d2x.data<double>());
        Assert.Equal(0.0, d2x.sum().item());
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, (d2x + 1).data<double>());
        d2x.add_(1.0); // an ordinary tensor: in-place updates work
        Assert.Equal(3.0, d2x.sum().item());

        // The same through backward: .grad holds ordinary zeros.
        var y = torch.tensor(new[] { -1.5, 2.0, 0.5 }, requires_grad: true);
        var dy = torch.autograd.grad(y.abs().sum(), new[] { y }, create_graph: true)[0];
        dy.sum().backward();
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, y.grad!.data<double>());
    }

    [Fact]
    public void Cdist_has_a_second_derivative_and_the_same_values()
    {
        // libtorch 1.13's cdist has no double backward ("the derivative for '_cdist_backward' is not implemented").
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var a = torch.randn(new long[] { 4, 3 }, torch.float64, requires_grad: true);
        var b = torch.randn(new long[] { 2, 3 }, torch.float64, requires_grad: true);
        var d = torch.cdist(a, b);
        using (torch.no_grad())
        {
            var reference = torch.cdist(a, b); // libtorch's own kernel
            Assert.True(d.allclose(reference, rtol: 1e-12, atol: 0));
        }
        var da = torch.autograd.grad(d.sum(), new[] { a }, create_graph: true)[0];
        var dda = torch.autograd.grad(da.square().sum(), new[] { a, b });
        Assert.All(dda, g => Assert.True(g.norm().item() > 0));

        // At distance 0 (cdist(x, x) has a zero diagonal) the gradient is 0, not NaN, as libtorch's cdist gives.
        var self = torch.autograd.grad(torch.cdist(a, a).sum(), new[] { a })[0];
        Assert.True(self.isfinite().all().item() != 0);
        var rows = torch.autograd.grad(torch.cdist(a, a.detach()).sum(), new[] { a })[0];
        Assert.True(rows.isfinite().all().item() != 0);

        var wrong = torch.randn(new long[] { 2, 1 }, torch.float64, requires_grad: true);
        var error = Assert.Throws<TorchException>(() => torch.cdist(a, wrong));
        Assert.Contains("same number of columns", error.Message);
    }
}
