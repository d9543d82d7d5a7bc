namespace MetaNotebooks.Tests;

/// <summary>Exact tensor comparisons (TorchSharp's <c>equal</c> is element-wise; this is PyTorch's <c>torch.equal</c>).</summary>
public static class TensorAssert
{
    /// <summary>True when the shapes, dtypes and every element are equal.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
