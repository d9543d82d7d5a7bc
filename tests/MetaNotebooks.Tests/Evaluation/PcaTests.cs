using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

/// <summary>PCA for drawing embeddings: finds the known directions of synthetic data, projects, and is deterministic.</summary>
[Collection(NativeCollection.Name)]
public sealed class PcaTests
{
    [Fact]
    public void Finds_the_directions_of_largest_variance_in_order()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        // 500 points in 5-d: standard deviations 10 along e2, 3 along e0, 0.1 elsewhere, shifted by 7.
        var scales = torch.tensor(new double[] { 3, 0.1, 10, 0.1, 0.1 });
        var points = torch.randn([500, 5], torch.float64) * scales + 7.0;
        using var pca = Pca.Fit(points);
        var components = pca.Components.abs();
        Assert.Equal(new long[] { 2, 5 }, pca.Components.shape);
        Assert.True(components[0, 2].ToDouble() > 0.999, $"first component {pca.Components}");
        Assert.True(components[1, 0].ToDouble() > 0.999, $"second component {pca.Components}");
        Assert.True(pca.Components.matmul(pca.Components.t()).allclose(torch.eye(2, dtype: torch.float64), atol: 1e-12));
        Assert.True(pca.Mean.allclose(torch.full([5], 7.0, torch.float64), atol: 1.5));
        Assert.True(pca.ExplainedVarianceRatio[0] > 0.85 && pca.ExplainedVarianceRatio[1] > 0.05, pca.ToString());
        Assert.True(pca.ExplainedVarianceRatio[0] > pca.ExplainedVarianceRatio[1]);
        // Every coefficient's largest-magnitude entry is positive (the sign convention).
        Assert.True(pca.Components[0, 2].ToDouble() > 0 && pca.Components[1, 0].ToDouble() > 0);
    }

    [Fact]
    public void Transform_centres_and_projects_and_the_projection_keeps_the_variance()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        var points = torch.randn([200, 8]) * torch.linspace(1, 8, 8L) + 3.0;
        using var pca = Pca.Fit(points, components: 3);
        var projected = pca.Transform(points);
        Assert.Equal(new long[] { 200, 3 }, projected.shape);
        Assert.Equal(torch.float64, projected.dtype);
        Assert.True(projected.mean([0]).abs().max().ToDouble() < 1e-5);
        var total = (points.to(torch.float64) - pca.Mean).pow(2L).sum().ToDouble();
        var kept = projected.pow(2L).sum(0L).data<double>().ToArray();
        for (var i = 0; i < 3; i++) Assert.Equal(pca.ExplainedVarianceRatio[i], kept[i] / total, 6);
    }

    [Fact]
    public void Same_points_give_the_same_projection_and_bad_shapes_say_what_is_wrong()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(13);
        var points = torch.randn([30, 4]);
        using var a = Pca.Fit(points);
        using var b = Pca.Fit(points.clone());
        Assert.True(TensorAssert.Same(a.Transform(points), b.Transform(points)));
        Assert.Contains("[M, D]", Assert.Throws<ArgumentException>(() => Pca.Fit(torch.randn([3, 4, 5]))).Message);
        Assert.Contains("min(M, D) = 4", Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(points, components: 5)).Message);
        Assert.Contains("fitted to 4-d points", Assert.Throws<ArgumentException>(() => a.Transform(torch.randn([2, 3]))).Message);
    }
}
