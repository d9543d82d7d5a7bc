using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

public static partial class torch
{
    /// <summary>torch.linalg: matrix decompositions.</summary>
    public static class linalg
    {
        /// <summary>
        /// The singular value decomposition A = U diag(S) Vh of A [..., m, n], batched over leading dims. With
        /// <paramref name="full_matrices"/> false (the reduced form, k = min(m, n)): U [..., m, k], S [..., k] in
        /// descending order, Vh [..., k, n]. Differentiable (for distinct singular values), as in PyTorch.
        /// </summary>
        public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor A, bool full_matrices = true)
        {
            TorchException.Check(LibTorch.mn_linalg_svd(A.Handle, full_matrices ? 1 : 0, out var u, out var s, out var vh));
            return (new Tensor(u), new Tensor(s), new Tensor(vh));
        }
    }
}
