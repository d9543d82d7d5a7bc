namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>
/// Seeded float64 inputs for gradient checks, chosen away from the points where an op is not differentiable
/// (0 for abs and relu, ties for max and sorting).
/// </summary>
public static class Make
{
    /// <summary>
    /// A smooth op applied after the op under test, so that a linear op (a view, an index, a sum) also has a
    /// non-trivial second derivative to route.
    /// </summary>
    public static Tensor Curve(Tensor t) => t * t.sin();

    /// <summary>Standard normal values, requiring grad.</summary>
    public static Tensor Randn(params long[] shape) => Leaf(torch.randn(shape, torch.float64));

    /// <summary>Uniform values in [low, high), requiring grad.</summary>
    public static Tensor Uniform(double low, double high, params long[] shape)
    {
        using var u = torch.rand(shape, torch.float64);
        return Leaf(u * (high - low) + low);
    }

    /// <summary>Values in [0.5, 2): safe for log, sqrt, pow and division.</summary>
    public static Tensor Positive(params long[] shape) => Uniform(0.5, 2, shape);

    /// <summary>Normal-like values with |x| &gt;= 0.3: no kink of abs, relu, sign or 1/x within reach of eps.</summary>
    public static Tensor AwayFromZero(params long[] shape)
    {
        using var scope = torch.NewDisposeScope();
        var r = torch.randn(shape, torch.float64);
        return scope.MoveToOuter(Leaf(r.sign() * (r.abs() * 0.7 + 0.3)));
    }

    /// <summary>Distinct values in [-2, 2), at least 2/numel apart: no ties for max, min, sort and max pooling.</summary>
    public static Tensor Distinct(params long[] shape)
    {
        using var scope = torch.NewDisposeScope();
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var v = (torch.randperm(n).to(torch.float64) + torch.rand(new[] { n }, torch.float64) * 0.5) * (4.0 / n) - 2;
        return scope.MoveToOuter(Leaf(v.reshape(shape)));
    }

    /// <summary>(a, b) with |a - b| &gt;= 0.3 everywhere: for maximum, minimum, l1_loss and p=1 distances.</summary>
    public static Tensor[] Apart(params long[] shape)
    {
        using var scope = torch.NewDisposeScope();
        var a = Randn(shape);
        var b = Leaf(a.detach() + AwayFromZero(shape).detach());
        return new[] { scope.MoveToOuter(a), scope.MoveToOuter(b) };
    }

    /// <summary>A constant tensor (no grad) from values.</summary>
    public static Tensor Const(double[] values, params long[] shape) => torch.tensor(values, shape);

    /// <summary>An int64 index tensor.</summary>
    public static Tensor Index(long[] values, params long[] shape) => torch.tensor(values, shape.Length == 0 ? null : shape);

    /// <summary>A random bool mask.</summary>
    public static Tensor Mask(params long[] shape)
    {
        using var u = torch.rand(shape, torch.float64);
        return u > 0.5;
    }

    private static Tensor Leaf(Tensor t)
    {
        var leaf = t.detach().requires_grad_();
        t.Dispose();
        return leaf;
    }
}
