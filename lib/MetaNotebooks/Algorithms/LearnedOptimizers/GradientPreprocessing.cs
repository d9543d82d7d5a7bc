using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The input scaling of Andrychowicz et al. 2016 (Appendix A), which Ravi &amp; Larochelle 2017 use for the gradient and
/// the loss too: gradients span many orders of magnitude, so each coordinate x becomes two numbers,
/// (log|x| / p, sign x) when |x| &gt;= e^-p, and (-1, e^p x) otherwise. Both halves stay in [-1, 1] for |x| &lt;= e^p,
/// and a network sharing one set of weights across coordinates sees a gradient of 1e-6 and one of 1e2 on the same
/// scale. p = 10 in both papers.
/// </summary>
public static class GradientPreprocessing
{
    /// <summary>The papers' p.</summary>
    public const double DefaultP = 10;

    /// <summary>[..., 2]: (log-magnitude / p, sign) per entry of <paramref name="x"/>, as described on the class.</summary>
    /// <param name="x">Any tensor (a flattened gradient [n], a loss broadcast to [n]); it is not differentiated through.</param>
    /// <param name="p">The scale p, positive.</param>
    public static Tensor Apply(Tensor x, double p = DefaultP)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!(p > 0) || !double.IsFinite(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "The preprocessing scale p must be a positive number (the papers use 10).");
        using var scope = NewDisposeScope();
        var v = x.detach();
        var large = v.abs() >= Math.Exp(-p);
        var magnitude = where(large, v.abs().clamp_min(Math.Exp(-p)).log() / p, full_like(v, -1.0));
        var sign = where(large, v.sign(), v * Math.Exp(p));
        return stack([magnitude, sign], -1).MoveToOuterDisposeScope();
    }
}
