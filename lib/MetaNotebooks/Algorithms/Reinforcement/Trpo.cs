using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// One trust-region step (Schulman et al. 2015, as rllab's <c>ConjugateGradientOptimizer</c>, which Finn et al. use
/// for the outer loop): the gradient g of the loss, the direction x = F^-1 g by conjugate gradient on Fisher-vector
/// products (Hessian-vector products of the mean KL, plus damping), the largest step along it that keeps the
/// quadratic KL estimate at the limit, then a backtracking line search that accepts the first step lowering the loss
/// with a KL under the limit, and restores the parameters when none does.
/// </summary>
public static class Trpo
{
    /// <summary>
    /// Updates <paramref name="parameters"/> in place. <paramref name="evaluate"/> gives the loss and the mean KL from the
    /// old policy at the parameters' current values; its argument says whether the result must be twice
    /// differentiable (the first call) or is only read (the line search).
    /// </summary>
    /// <returns>The line search's backtracks before acceptance (-1: rejected, parameters unchanged) and the KL after the step.</returns>
    public static (int Backtracks, double Kl) Step(IReadOnlyList<Tensor> parameters, Func<bool, (Tensor Loss, Tensor Kl)> evaluate,
        double maxKl, int conjugateGradientSteps = 10, double damping = 1e-5, int backtracks = 15, double backtrackRatio = 0.8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(evaluate);
        using var scope = NewDisposeScope();
        var (loss, kl) = evaluate(true);
        var lossBefore = loss.ToDouble();
        var g = Flat(Gradients.Of(loss, parameters, retainGraph: true));
        var klGrad = Flat(Gradients.Of(kl, parameters, createGraph: true));
        Tensor FisherTimes(Tensor v)
        {
            using var inner = NewDisposeScope();
            var hv = Flat(Gradients.Of([(klGrad * v).sum()], parameters, retainGraph: true).Select(t => t!).ToArray());
            return (hv + damping * v).MoveToOuterDisposeScope();
        }
        var direction = ConjugateGradient(FisherTimes, g, conjugateGradientSteps);
        var curvature = (direction * FisherTimes(direction)).sum().ToDouble();
        var size = Math.Sqrt(2.0 * maxKl / (curvature + 1e-8));
        var step = size * direction;
        Tensor before;
        using (torch.no_grad()) before = Flat(parameters.Select(p => p.detach()).ToArray()).clone();
        for (var i = 0; i < backtracks; i++)
        {
            Assign(parameters, before - Math.Pow(backtrackRatio, i) * step);
            using var trial = NewDisposeScope();
            var (newLoss, newKl) = evaluate(false);
            var (l, k) = (newLoss.ToDouble(), newKl.ToDouble());
            if (double.IsFinite(l) && double.IsFinite(k) && l < lossBefore && k <= maxKl) return (i, k);
        }
        Assign(parameters, before);
        return (-1, 0.0);
    }

    /// <summary>Solves A x = b for a symmetric positive-definite A given by its products, in at most <paramref name="iterations"/> steps.</summary>
    public static Tensor ConjugateGradient(Func<Tensor, Tensor> times, Tensor b, int iterations, double tolerance = 1e-10)
    {
        using var scope = NewDisposeScope();
        var x = torch.zeros_like(b);
        var r = b.detach().clone();
        var p = r.clone();
        var rr = (r * r).sum().ToDouble();
        for (var i = 0; i < iterations && rr >= tolerance; i++)
        {
            var ap = times(p).detach();
            var alpha = rr / (p * ap).sum().ToDouble();
            x = x + alpha * p;
            r = r - alpha * ap;
            var next = (r * r).sum().ToDouble();
            p = r + next / rr * p;
            rr = next;
        }
        return x.MoveToOuterDisposeScope();
    }

    private static Tensor Flat(IReadOnlyList<Tensor> tensors) => torch.cat(tensors.Select(t => t.reshape(-1)).ToList());

    private static void Assign(IReadOnlyList<Tensor> parameters, Tensor flat)
    {
        using var noGrad = torch.no_grad();
        long offset = 0;
        foreach (var p in parameters)
        {
            var n = p.numel();
            p.copy_(flat.narrow(0, offset, n).view(p.shape));
            offset += n;
        }
    }
}
