using static MetaNotebooks.Torch.Tests.Gradients.Make;

namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>Matrix products, einsum and the SVD.</summary>
[Collection(NativeCollection.Name)]
public sealed class LinearAlgebraGradientTests : GradCaseTheories<LinearAlgebraGradientTests>, IGradCaseTable
{
    public static GradCase[] Cases { get; } =
    {
        GradCase.Of("matmul", () => new[] { Randn(3, 4), Randn(4, 2) }, x => x[0].matmul(x[1])),
        GradCase.Of("matmul batched broadcast", () => new[] { Randn(2, 3, 4), Randn(4, 2) }, x => torch.matmul(x[0], x[1])),
        GradCase.Of("matmul matrix vector", () => new[] { Randn(3, 4), Randn(4) }, x => x[0].matmul(x[1])),
        GradCase.Of("matmul vector vector", () => new[] { Randn(4), Randn(4) }, x => x[0].matmul(x[1])),
        GradCase.Of("mm", () => new[] { Randn(3, 4), Randn(4, 2) }, x => x[0].mm(x[1])),
        GradCase.Of("mm square (x @ x)", () => new[] { Randn(3, 3) }, x => x[0].mm(x[0])),
        GradCase.Of("bmm", () => new[] { Randn(2, 3, 4), Randn(2, 4, 2) }, x => torch.bmm(x[0], x[1])),
        GradCase.Of("outer", () => new[] { Randn(3), Randn(4) }, x => x[0].outer(x[1])),
        GradCase.Of("einsum ij,jk->ik", () => new[] { Randn(3, 4), Randn(4, 2) }, x => torch.einsum("ij,jk->ik", x)),
        GradCase.Of("einsum bij,bkj->bik", () => new[] { Randn(2, 3, 4), Randn(2, 2, 4) }, x => torch.einsum("bij,bkj->bik", x)),
        GradCase.Of("einsum i,i->", () => new[] { Randn(4), Randn(4) }, x => torch.einsum("i,i->", x)),
        GradCase.Of("einsum ii->i", () => new[] { Randn(3, 3) }, x => torch.einsum("ii->i", x) * x[0].sum()),
        GradCase.Of("linalg.svd singular values", () => new[] { Randn(4, 3) }, x => torch.linalg.svd(x[0], full_matrices: false).S),
        GradCase.Of("linalg.svd reduced reconstruction", () => new[] { Randn(3, 4) }, x =>
        {
            var (u, s, vh) = torch.linalg.svd(x[0], full_matrices: false);
            return (u * s.unsqueeze(0)).matmul(vh);
        }),
        GradCase.Of("einsum ij,jk,kl->il", () => new[] { Randn(2, 3), Randn(3, 4), Randn(4, 2) }, x => torch.einsum("ij,jk,kl->il", x)),
    };
}
