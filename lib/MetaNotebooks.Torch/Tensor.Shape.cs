using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

// Shape operations: reshape, permute, squeeze, expand, cat/split, slicing.
public partial class Tensor
{
    public Tensor reshape(params long[] shape) => new(LibTorch.mn_reshape(Handle, shape, shape.Length));
    public Tensor view(params long[] shape) => new(LibTorch.mn_view(Handle, shape, shape.Length));
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor reshape_as(Tensor other) => reshape(other.shape);
    public Tensor permute(params long[] dims) => new(LibTorch.mn_permute(Handle, dims, dims.Length));
    public Tensor transpose(long dim0, long dim1) => new(LibTorch.mn_transpose(Handle, dim0, dim1));
    /// <summary>The transpose of a matrix (dims 0 and 1).</summary>
    public Tensor t() => transpose(0, 1);
    /// <summary>The transpose of the last two dims.</summary>
    public Tensor mT => transpose(-2, -1);
    public Tensor squeeze() => new(LibTorch.mn_squeeze(Handle));
    public Tensor squeeze(long dim) => new(LibTorch.mn_squeeze_dim(Handle, dim));
    public Tensor unsqueeze(long dim) => new(LibTorch.mn_unsqueeze(Handle, dim));
    public Tensor expand(params long[] shape) => new(LibTorch.mn_expand(Handle, shape, shape.Length));
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor repeat(params long[] repeats) => new(LibTorch.mn_repeat(Handle, repeats, repeats.Length));
    public Tensor repeat_interleave(long repeats, long dim = 0) => new(LibTorch.mn_repeat_interleave(Handle, repeats, dim));
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(LibTorch.mn_flatten(Handle, start_dim, end_dim));
    public Tensor narrow(long dim, long start, long length) => new(LibTorch.mn_narrow(Handle, dim, start, length));
    public Tensor select(long dim, long index) => new(LibTorch.mn_select(Handle, dim, index));
    /// <summary>Elements start..end (exclusive, negative counts from the end) with a step, along dim: x[start:end:step].</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => new(LibTorch.mn_slice(Handle, dim, start, end, step));
    public Tensor tril(long diagonal = 0) => new(LibTorch.mn_tril(Handle, diagonal));
    public Tensor triu(long diagonal = 0) => new(LibTorch.mn_triu(Handle, diagonal));
    public Tensor flip(params long[] dims) => new(LibTorch.mn_flip(Handle, dims, dims.Length));
    /// <summary>Rotates by 90 degrees k times in the plane of dims (d0, d1), as torch.rot90.</summary>
    public Tensor rot90(long k = 1, long dim0 = 0, long dim1 = 1) => new(LibTorch.mn_rot90(Handle, k, dim0, dim1));

    /// <summary>x[i]: the i-th slice along dim 0.</summary>
    public Tensor this[long index] => select(0, index);

    /// <summary>x[i, j, ...]: successive selects.</summary>
    public Tensor this[long i0, long i1] => Using(select(0, i0), a => a.select(0, i1));

    /// <summary>x[idx]: rows picked by an int64 index tensor (or a bool mask), as PyTorch's advanced indexing.</summary>
    public Tensor this[Tensor index] => new(LibTorch.mn_index(Handle, index.Handle));

    /// <summary>Splits into pieces of split_size along dim (the last may be smaller).</summary>
    public Tensor[] split(long split_size, long dim = 0) => TakeList(LibTorch.mn_split(Handle, split_size, dim));

    /// <summary>Splits into pieces of the given sizes along dim.</summary>
    public Tensor[] split(long[] split_sizes, long dim = 0) => TakeList(LibTorch.mn_split_sizes(Handle, split_sizes, split_sizes.Length, dim));

    /// <summary>Splits into (at most) chunks pieces along dim.</summary>
    public Tensor[] chunk(long chunks, long dim = 0) => TakeList(LibTorch.mn_chunk(Handle, chunks, dim));

    internal static Tensor[] TakeList(IntPtr list)
    {
        TorchException.Check(list);
        try
        {
            var n = LibTorch.mn_list_size(list);
            var result = new Tensor[n];
            for (var i = 0; i < n; i++) result[i] = new Tensor(LibTorch.mn_list_get(list, i));
            return result;
        }
        finally
        {
            LibTorch.mn_list_free(list);
        }
    }

    private static Tensor Using(Tensor temporary, Func<Tensor, Tensor> f)
    {
        using (temporary) return f(temporary);
    }
}
