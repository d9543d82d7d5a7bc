using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// Principal component analysis, for drawing an embedding space in 2-D: <see cref="Fit"/> centres the points and
/// takes the top right-singular vectors of the centred matrix (torch.linalg.svd); <see cref="Transform"/> projects
/// any points of the same dimension onto them. Each component's sign is fixed so that its largest-magnitude
/// coefficient is positive, so the same points always give the same picture.
/// </summary>
public sealed class Pca : IDisposable
{
    private Pca(Tensor mean, Tensor components, double[] explainedVarianceRatio)
    {
        Mean = mean;
        Components = components;
        ExplainedVarianceRatio = explainedVarianceRatio;
    }

    /// <summary>The mean of the fitted points, [D].</summary>
    public Tensor Mean { get; }

    /// <summary>The principal directions, one per row, [components, D], orthonormal.</summary>
    public Tensor Components { get; }

    /// <summary>The share of the fitted points' variance along each component, in decreasing order.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>Fits <paramref name="components"/> principal directions to <paramref name="points"/> [M, D] (float or double).</summary>
    public static Pca Fit(Tensor points, int components = 2)
    {
        if (points.dim() != 2)
            throw new ArgumentException($"PCA needs points as a matrix [M, D], got shape {Shapes.Format(points.shape)}.", nameof(points));
        var (m, d) = (points.size(0), points.size(1));
        if (components < 1 || components > Math.Min(m, d))
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Between 1 and min(M, D) = {Math.Min(m, d)} components can be fitted to {m} points of dimension {d}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = points.detach().to(float64);
        var mean = x.mean([0]);
        var (_, s, vh) = linalg.svd(x - mean, fullMatrices: false);
        var top = vh.narrow(0, 0, components);
        // svd_flip: make the largest-magnitude coefficient of every direction positive.
        var (_, largest) = top.abs().max(1, keepdim: true);
        var signs = top.gather(1, largest).sign();
        signs = where(signs.eq(0), ones_like(signs), signs);
        var variance = s.pow(2L);
        var ratio = (variance.narrow(0, 0, components) / variance.sum().clamp(min: double.Epsilon)).cpu().data<double>().ToArray();
        return new Pca(mean.MoveToOuterDisposeScope(), (top * signs).MoveToOuterDisposeScope(), ratio);
    }

    /// <summary>Projects <paramref name="points"/> [M, D] onto the components: [M, components], float64.</summary>
    public Tensor Transform(Tensor points)
    {
        if (points.dim() != 2 || points.size(1) != Mean.size(0))
            throw new ArgumentException($"The PCA was fitted to {Mean.size(0)}-d points; got shape {Shapes.Format(points.shape)}.", nameof(points));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return (points.detach().to(float64) - Mean).matmul(Components.t()).MoveToOuterDisposeScope();
    }

    /// <summary>Frees the mean and components.</summary>
    public void Dispose()
    {
        Mean.Dispose();
        Components.Dispose();
    }

    /// <summary>"PCA: 2 components of 64-d points, explaining 41.2% + 17.9% of the variance".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"PCA: {Components.size(0)} components of {Mean.size(0)}-d points, explaining {string.Join(" + ", ExplainedVarianceRatio.Select(r => $"{100 * r:0.0}%"))} of the variance");
}
