using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

// Reductions (over all elements, or over dims with keepdim), sorting, comparisons.
public partial class Tensor
{
    public Tensor sum() => new(LibTorch.mn_sum(Handle));
    public Tensor sum(long dim, bool keepdim = false) => sum(new[] { dim }, keepdim);
    public Tensor sum(long[] dims, bool keepdim = false) => new(LibTorch.mn_sum_dims(Handle, dims, dims.Length, keepdim ? 1 : 0));
    public Tensor mean() => new(LibTorch.mn_mean(Handle));
    public Tensor mean(long dim, bool keepdim = false) => mean(new[] { dim }, keepdim);
    public Tensor mean(long[] dims, bool keepdim = false) => new(LibTorch.mn_mean_dims(Handle, dims, dims.Length, keepdim ? 1 : 0));
    public Tensor prod() => new(LibTorch.mn_prod(Handle));
    public Tensor max() => new(LibTorch.mn_max(Handle));
    public Tensor min() => new(LibTorch.mn_min(Handle));

    /// <summary>The largest values along dim and their indices.</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false)
    {
        TorchException.Check(LibTorch.mn_max_dim(Handle, dim, keepdim ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>The smallest values along dim and their indices.</summary>
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false)
    {
        TorchException.Check(LibTorch.mn_min_dim(Handle, dim, keepdim ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false)
    {
        TorchException.Check(LibTorch.mn_sort(Handle, dim, descending ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true)
    {
        TorchException.Check(LibTorch.mn_topk(Handle, k, dim, largest ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argmax() => new(LibTorch.mn_argmax(Handle, 0, 0, 0));
    public Tensor argmax(long dim, bool keepdim = false) => new(LibTorch.mn_argmax(Handle, dim, 1, keepdim ? 1 : 0));
    public Tensor argmin() => new(LibTorch.mn_argmin(Handle, 0, 0, 0));
    public Tensor argmin(long dim, bool keepdim = false) => new(LibTorch.mn_argmin(Handle, dim, 1, keepdim ? 1 : 0));
    public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp(new[] { dim }, keepdim);
    public Tensor logsumexp(long[] dims, bool keepdim = false) => new(LibTorch.mn_logsumexp(Handle, dims, dims.Length, keepdim ? 1 : 0));
    public Tensor std(bool unbiased = true) => new(LibTorch.mn_std(Handle, Array.Empty<long>(), 0, unbiased ? 1 : 0, 0));
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => std(new[] { dim }, unbiased, keepdim);
    public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => new(LibTorch.mn_std(Handle, dims, dims.Length, unbiased ? 1 : 0, keepdim ? 1 : 0));
    public Tensor var(bool unbiased = true) => new(LibTorch.mn_var(Handle, Array.Empty<long>(), 0, unbiased ? 1 : 0, 0));
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => var(new[] { dim }, unbiased, keepdim);
    public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => new(LibTorch.mn_var(Handle, dims, dims.Length, unbiased ? 1 : 0, keepdim ? 1 : 0));
    public Tensor norm(double p = 2) => new(LibTorch.mn_norm(Handle, p, Array.Empty<long>(), 0, 0));
    public Tensor norm(double p, long dim, bool keepdim = false) => new(LibTorch.mn_norm(Handle, p, new[] { dim }, 1, keepdim ? 1 : 0));
    public Tensor all() => new(LibTorch.mn_all(Handle));
    public Tensor any() => new(LibTorch.mn_any(Handle));
    public Tensor cumsum(long dim) => new(LibTorch.mn_cumsum(Handle, dim));

    // ---- comparisons: elementwise, giving bool tensors ----
    public Tensor eq(Tensor other) => Compare(other, 0);
    public Tensor ne(Tensor other) => Compare(other, 1);
    public Tensor lt(Tensor other) => Compare(other, 2);
    public Tensor le(Tensor other) => Compare(other, 3);
    public Tensor gt(Tensor other) => Compare(other, 4);
    public Tensor ge(Tensor other) => Compare(other, 5);
    public Tensor eq(double v) => Compare(v, 0);
    public Tensor ne(double v) => Compare(v, 1);
    public Tensor lt(double v) => Compare(v, 2);
    public Tensor le(double v) => Compare(v, 3);
    public Tensor gt(double v) => Compare(v, 4);
    public Tensor ge(double v) => Compare(v, 5);
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, double b) => a.lt(b);
    public static Tensor operator >(Tensor a, double b) => a.gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.le(b);
    public static Tensor operator >=(Tensor a, double b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => new(LibTorch.mn_logical_and(a.Handle, b.Handle));
    public static Tensor operator |(Tensor a, Tensor b) => new(LibTorch.mn_logical_or(a.Handle, b.Handle));
    public static Tensor operator !(Tensor a) => new(LibTorch.mn_logical_not(a.Handle));

    /// <summary>True when both have the same shape and the same values.</summary>
    public bool equal(Tensor other) => Bool(LibTorch.mn_equal(Handle, other.Handle));

    /// <summary>True when |a - b| &lt;= atol + rtol * |b| everywhere.</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8) => Bool(LibTorch.mn_allclose(Handle, other.Handle, rtol, atol));

    private Tensor Compare(Tensor other, int op) => new(LibTorch.mn_compare(Handle, other.Handle, op));
    private Tensor Compare(double v, int op) => new(LibTorch.mn_compare_scalar(Handle, v, Math.Floor(v) == v && !dtype.IsFloatingPoint() ? 1 : 0, op));

    private static bool Bool(int result) => result switch
    {
        0 => false,
        1 => true,
        _ => throw TorchException.Last(),
    };
}
