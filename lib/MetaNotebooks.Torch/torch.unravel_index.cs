namespace MetaNotebooks.Torch;

public static partial class torch
{
    /// <summary>
    /// The multi-dimensional index of element <paramref name="index"/> of a row-major tensor of <paramref name="shape"/>
    /// (torch.unravel_index for one flat index): e.g. 5 in [2, 3] is [1, 2].
    /// </summary>
    public static long[] unravel_index(long index, long[] shape)
    {
        var numel = shape.Aggregate(1L, (a, b) => a * b);
        if (index < 0 || index >= numel)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Flat index {index} is outside a tensor of shape {Tensor.FormatShape(shape)} ({numel} elements).");
        var result = new long[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            result[d] = index % shape[d];
            index /= shape[d];
        }
        return result;
    }
}
