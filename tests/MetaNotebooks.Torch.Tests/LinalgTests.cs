namespace MetaNotebooks.Torch.Tests;

/// <summary>torch.linalg.svd: the decomposition's defining properties, batching, and a clear error on bad input.</summary>
[Collection(NativeCollection.Name)]
public sealed class LinalgTests
{
    [Fact]
    public void Svd_reconstructs_the_matrix_with_orthonormal_factors_and_descending_singular_values()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var a = torch.randn([6, 4], torch.float64);
        var (u, s, vh) = torch.linalg.svd(a, full_matrices: false);
        Assert.Equal(new long[] { 6, 4 }, u.shape);
        Assert.Equal(new long[] { 4 }, s.shape);
        Assert.Equal(new long[] { 4, 4 }, vh.shape);
        Assert.True((u * s.unsqueeze(0)).matmul(vh).allclose(a, atol: 1e-12));
        Assert.True(u.t().matmul(u).allclose(torch.eye(4, dtype: torch.float64), atol: 1e-12));
        Assert.True(vh.matmul(vh.t()).allclose(torch.eye(4, dtype: torch.float64), atol: 1e-12));
        var values = s.data<double>();
        Assert.Equal(values.OrderByDescending(v => v), values);
        // The squared singular values are the eigenvalues of A^T A: their sum is its trace.
        Assert.Equal(a.pow(2L).sum().item(), s.pow(2L).sum().item(), 10);
    }

    [Fact]
    public void Svd_full_matrices_and_batches()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(6);
        var (u, s, vh) = torch.linalg.svd(torch.randn([2, 5, 3]));
        Assert.Equal(new long[] { 2, 5, 5 }, u.shape);
        Assert.Equal(new long[] { 2, 3 }, s.shape);
        Assert.Equal(new long[] { 2, 3, 3 }, vh.shape);
    }

    [Fact]
    public void Svd_of_a_vector_is_a_clear_error()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchException>(() => torch.linalg.svd(torch.ones(3)));
        Assert.Contains("2", error.Message);
        using var ok = torch.ones(2, 2);
        Assert.Equal(2, torch.linalg.svd(ok).S.size(0));
    }
}
