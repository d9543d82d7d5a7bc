using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

/// <summary>Linear CKA: 1 for the same representation, blind to rotation and scale, equal to its kernel (HSIC) form, and clear errors.</summary>
[Collection(NativeCollection.Name)]
public sealed class CkaTests
{
    [Fact]
    public void Linear_cka_is_one_for_rotated_and_scaled_copies_and_equals_the_kernel_form()
    {
        using var scope = NewDisposeScope();
        manual_seed(30);
        var x = randn(40, 6, dtype: float64);
        Assert.Equal(1.0, Cka.Linear(x, x), 12);
        var (q, _) = linalg.qr(randn(6, 6, dtype: float64));
        Assert.Equal(1.0, Cka.Linear(x, 3.0 * x.mm(q)), 12);
        Assert.Equal(1.0, Cka.Linear(x, x + 5.0), 12); // centring removes offsets

        // The kernel form: HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)) with K = X X^T, L = Y Y^T and H the centring matrix.
        var y = randn(40, 3, dtype: float64) + 0.5 * x.narrow(1, 0, 3);
        var h = eye(40, dtype: float64) - ones(40, 40, dtype: float64) / 40;
        double Hsic(Tensor k, Tensor l) => k.mm(h).mm(l).mm(h).trace().ToDouble();
        var kx = x.mm(x.t());
        var ly = y.mm(y.t());
        var kernelForm = Hsic(kx, ly) / Math.Sqrt(Hsic(kx, kx) * Hsic(ly, ly));
        Assert.Equal(kernelForm, Cka.Linear(x, y), 10);
        Assert.InRange(Cka.Linear(x, y), 0.05, 0.95);
        Assert.InRange(Cka.Linear(x, randn(40, 6, dtype: float64)), 0.0, 0.5);
    }

    [Fact]
    public void Linear_cka_refuses_mismatched_inputs_and_constant_representations()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("same n = 4", Assert.Throws<ArgumentException>(() => Cka.Linear(randn(4, 3), randn(5, 3))).Message);
        Assert.Contains("at least 2 inputs", Assert.Throws<ArgumentException>(() => Cka.Linear(randn(1, 3), randn(1, 3))).Message);
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => Cka.Linear(ones(4, 3), randn(4, 3))).Message);
    }
}
