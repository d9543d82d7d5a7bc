using static System.FormattableString;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// Meta-trains a <see cref="LstmOptimizer"/> by unrolling (Andrychowicz et al. 2016): each call of <see cref="Train"/>
/// optimizes one optimizee (a batch of functions) for <see cref="Horizon"/> steps with the learned optimizer, and every
/// <see cref="Truncation"/> steps takes one Adam step on the optimizer's weights phi down the gradient of the segment's
/// meta-loss, sum_t f(theta_t) (w_t = 1), with theta and the LSTM state detached between segments (<see cref="Unroll"/>).
/// Nothing here is random: the same initial weights and the same optimizees give the same numbers (same device and
/// thread count).
/// </summary>
public sealed class LstmOptimizerTrainer : IDisposable
{
    private readonly TorchSharp.Modules.Adam _adam;

    /// <summary>A trainer of <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The learned optimizer whose weights are trained.</param>
    /// <param name="horizon">T, steps per optimizee (the paper: 100).</param>
    /// <param name="truncation">Steps per segment of truncated back-propagation (the paper: 20), from 1 to <paramref name="horizon"/>.</param>
    /// <param name="metaLearningRate">Adam's learning rate on phi.</param>
    /// <exception cref="ArgumentOutOfRangeException">A horizon below 1, a truncation outside 1..horizon, or a learning rate that is not positive.</exception>
    public LstmOptimizerTrainer(LstmOptimizer optimizer, int horizon = 100, int truncation = 20, double metaLearningRate = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Unroll.CheckHorizon(horizon, truncation);
        if (!(metaLearningRate > 0) || !double.IsFinite(metaLearningRate))
            throw new ArgumentOutOfRangeException(nameof(metaLearningRate), metaLearningRate, "The meta learning rate must be a positive number (e.g. 1e-3).");
        Optimizer = optimizer;
        Horizon = horizon;
        Truncation = truncation;
        _adam = torch.optim.Adam(optimizer.parameters(), metaLearningRate);
    }

    /// <summary>The optimizer being trained.</summary>
    public LstmOptimizer Optimizer { get; }

    /// <summary>T, steps per optimizee.</summary>
    public int Horizon { get; }

    /// <summary>Steps per segment of truncated back-propagation.</summary>
    public int Truncation { get; }

    /// <summary>Adam's learning rate on the optimizer's weights; set it to follow a schedule (e.g. lower it for the last unrolls).</summary>
    public double MetaLearningRate
    {
        get => _adam.ParamGroups.First().LearningRate;
        set
        {
            if (!(value > 0) || !double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The meta learning rate must be a positive number (e.g. 1e-3).");
            foreach (var group in _adam.ParamGroups) group.LearningRate = value;
        }
    }

    /// <summary>Meta-steps taken so far (one per segment).</summary>
    public long MetaSteps { get; private set; }

    /// <summary>
    /// One optimizee optimized for <see cref="Horizon"/> steps, with a meta-step every <see cref="Truncation"/> steps;
    /// returns the losses along the way (its <see cref="UnrollResult.MetaLoss"/> is the per-step meta-loss).
    /// </summary>
    /// <exception cref="InvalidOperationException">A loss or gradient that is not finite, with the step.</exception>
    public UnrollResult Train(Optimizee optimizee)
    {
        var result = Unroll.Run(Optimizer, optimizee, Horizon, Truncation, _adam);
        MetaSteps += (Horizon + Truncation - 1) / Truncation;
        return result;
    }

    /// <summary>
    /// Meta-trains on <paramref name="unrolls"/> optimizees, <paramref name="functions"/>(i) for i = 0, 1, ... (each
    /// disposed after its unroll), with the meta learning rate annealed by a cosine from <see cref="MetaLearningRate"/>
    /// at the first unroll to <paramref name="finalFraction"/> times it at the last; every <paramref name="validateEvery"/>
    /// unrolls (and after the last) the optimizer runs, untrained, on <paramref name="validation"/>. Returns the curve,
    /// one point per unroll; <paramref name="progress"/> sees each point as it is made.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 unroll, a validation period below 1, or a fraction outside (0, 1].</exception>
    public IReadOnlyList<MetaTrainingPoint> Fit(Func<int, Optimizee> functions, int unrolls, Optimizee? validation = null, int validateEvery = 10,
        double finalFraction = 0.05, Action<MetaTrainingPoint>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        if (unrolls < 1) throw new ArgumentOutOfRangeException(nameof(unrolls), unrolls, Invariant($"Meta-training needs at least 1 unroll; got {unrolls}."));
        if (validateEvery < 1) throw new ArgumentOutOfRangeException(nameof(validateEvery), validateEvery, "Validate every 1 or more unrolls.");
        if (!(finalFraction > 0 && finalFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(finalFraction), finalFraction, "The final learning rate is a fraction of the first, in (0, 1] (1: no annealing).");
        var peak = MetaLearningRate;
        var curve = new List<MetaTrainingPoint>(unrolls);
        try
        {
            for (var i = 0; i < unrolls; i++)
            {
                var progressFraction = unrolls == 1 ? 0 : (double)i / (unrolls - 1);
                MetaLearningRate = peak * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.Cos(Math.PI * progressFraction)));
                UnrollResult result;
                using (var optimizee = functions(i)) result = Train(optimizee);
                double? validationLoss = validation is not null && ((i + 1) % validateEvery == 0 || i == unrolls - 1)
                    ? Unroll.Run(Optimizer, validation, Horizon).MetaLoss
                    : null;
                var point = new MetaTrainingPoint(i + 1, result.MetaLoss, result.Final, MetaLearningRate, validationLoss);
                curve.Add(point);
                progress?.Invoke(point);
            }
        }
        finally
        {
            MetaLearningRate = peak;
        }
        return curve;
    }

    /// <summary>"LstmOptimizerTrainer: T = 100, truncation 20, Adam 0.001".</summary>
    public override string ToString() => Invariant($"LstmOptimizerTrainer: T = {Horizon}, truncation {Truncation}, Adam {MetaLearningRate}");

    /// <summary>Frees the meta-optimizer (not the learned optimizer).</summary>
    public void Dispose() => _adam.Dispose();
}
