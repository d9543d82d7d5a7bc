using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// A hand-designed optimizer at one learning rate, run on an <see cref="Optimizee"/> like the learned one (the same
/// gradient of the sum of the functions' losses, the same start, the same record of the mean loss), its update written
/// out in a few lines of tensor code (<see cref="BaselineKind"/> gives each formula). All four act coordinate by
/// coordinate, so B functions side by side are B independent runs.
/// </summary>
/// <param name="Kind">Which update rule.</param>
/// <param name="LearningRate">Its learning rate.</param>
public sealed record BaselineOptimizer(BaselineKind Kind, double LearningRate)
{
    /// <summary>The learning rates <see cref="Tune"/> tries by default: 1e-4 to 3 in steps of about 3x.</summary>
    public static IReadOnlyList<double> DefaultGrid { get; } = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3];

    /// <summary>
    /// <paramref name="steps"/> steps from the optimizee's start: the mean loss at theta_0 .. theta_T. A run that diverges
    /// (a loss or gradient that is not finite, or a loss above 1e30) records +infinity from there on instead of throwing,
    /// so that a learning-rate search can try rates that are too large.
    /// </summary>
    public double[] Run(Optimizee optimizee, int steps)
    {
        ArgumentNullException.ThrowIfNull(optimizee);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, Invariant($"A run needs at least 1 step; got {steps}."));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        var start = Optimizee.CheckParameters(optimizee.Start, nameof(optimizee));
        var losses = new double[steps + 1];
        using var run = NewDisposeScope();
        var theta = start.Select(t => t.detach().clone()).ToArray();
        var first = theta.Select(t => zeros_like(t)).ToArray();    // momentum buffer, or Adam's first moment
        var second = theta.Select(t => zeros_like(t)).ToArray();   // RMSprop's and Adam's second moment
        for (var t = 0; t <= steps; t++)
        {
            using var step = NewDisposeScope();
            Tensor[] grads;
            using (enable_grad())
            {
                var copy = theta.Select(p => p.detach().requires_grad_()).ToArray();
                var loss = optimizee.Loss(copy);
                losses[t] = loss.detach().mean().ToDouble();
                if (!double.IsFinite(losses[t]) || losses[t] > 1e30 || t == steps)
                {
                    if (!double.IsFinite(losses[t]) || losses[t] > 1e30) Array.Fill(losses, double.PositiveInfinity, t, steps + 1 - t);
                    break;
                }
                grads = Gradients.Of(loss.sum(), copy);
            }
            using var noGrad = no_grad();
            for (var i = 0; i < theta.Length; i++)
            {
                var g = grads[i];
                switch (Kind)
                {
                    case BaselineKind.Sgd:
                        theta[i].sub_(LearningRate * g);
                        break;
                    case BaselineKind.Momentum:
                        first[i].mul_(0.9).add_(g);
                        theta[i].sub_(LearningRate * first[i]);
                        break;
                    case BaselineKind.RmsProp:
                        second[i].mul_(0.99).add_(0.01 * g * g);
                        theta[i].sub_(LearningRate * g / (second[i].sqrt() + 1e-8));
                        break;
                    case BaselineKind.Adam:
                        first[i].mul_(0.9).add_(0.1 * g);
                        second[i].mul_(0.999).add_(0.001 * g * g);
                        var mHat = first[i] / (1 - Math.Pow(0.9, t + 1));
                        var vHat = second[i] / (1 - Math.Pow(0.999, t + 1));
                        theta[i].sub_(LearningRate * mHat / (vHat.sqrt() + 1e-8));
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown baseline optimizer.");
                }
            }
        }
        return losses;
    }

    /// <summary>
    /// Picks the learning rate of <paramref name="kind"/> that gives the lowest mean loss after <paramref name="steps"/>
    /// steps, averaged over <paramref name="training"/> (the functions the learned optimizer is trained on), from
    /// <paramref name="grid"/> (<see cref="DefaultGrid"/> when null). Returns the best and every rate's score.
    /// </summary>
    public static BaselineTuning Tune(BaselineKind kind, IReadOnlyList<Optimizee> training, int steps, IReadOnlyList<double>? grid = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0) throw new ArgumentException("Tuning needs at least one training optimizee.", nameof(training));
        var rates = grid ?? DefaultGrid;
        if (rates.Count == 0) throw new ArgumentException("The learning-rate grid is empty.", nameof(grid));
        var scores = rates.Select(rate => training.Average(o => new BaselineOptimizer(kind, rate).Run(o, steps)[^1])).ToArray();
        var best = Enumerable.Range(0, rates.Count).MinBy(i => scores[i]);
        return new BaselineTuning(new BaselineOptimizer(kind, rates[best]), rates.ToArray(), scores);
    }

    /// <summary>"Adam (lr 0.1)".</summary>
    public override string ToString() => Invariant($"{Kind} (lr {LearningRate})");
}
