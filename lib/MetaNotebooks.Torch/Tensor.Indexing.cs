using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

// Indexing: index_select, gather, scatter, masks.
public partial class Tensor
{
    public Tensor index_select(long dim, Tensor index) => new(LibTorch.mn_index_select(Handle, dim, index.Handle));
    public Tensor gather(long dim, Tensor index) => new(LibTorch.mn_gather(Handle, dim, index.Handle));
    public Tensor scatter(long dim, Tensor index, Tensor src) => new(LibTorch.mn_scatter(Handle, dim, index.Handle, src.Handle));
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => new(LibTorch.mn_scatter_add(Handle, dim, index.Handle, src.Handle));
    public Tensor masked_fill(Tensor mask, double value) => new(LibTorch.mn_masked_fill(Handle, mask.Handle, value, 0));
    public Tensor masked_fill(Tensor mask, long value) => new(LibTorch.mn_masked_fill(Handle, mask.Handle, value, 1));
    public Tensor masked_select(Tensor mask) => new(LibTorch.mn_masked_select(Handle, mask.Handle));
    /// <summary>Indices of the non-zero elements, one row each: [count, ndim].</summary>
    public Tensor nonzero() => new(LibTorch.mn_nonzero(Handle));
}
