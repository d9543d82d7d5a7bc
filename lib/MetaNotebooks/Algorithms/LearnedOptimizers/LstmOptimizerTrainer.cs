using static System.FormattableString;
using MetaNotebooks.Tensors;
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
    private double? _fitPeak;   // during Fit: the rate its schedule anneals from (Adam's own rate is the annealed one then)

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
    /// <remarks><c>startAt</c> is the first unroll to run: 0 for a new run; after <see cref="Load"/>, the unroll the saved run
    /// had reached (<see cref="Unrolls"/>), so that the rest of the run is the same as if it had never stopped.</remarks>
    public IReadOnlyList<MetaTrainingPoint> Fit(Func<int, Optimizee> functions, int unrolls, Optimizee? validation = null, int validateEvery = 10,
        double finalFraction = 0.05, Action<MetaTrainingPoint>? progress = null, int startAt = 0)
    {
        if (startAt < 0 || startAt > unrolls)
            throw new ArgumentOutOfRangeException(nameof(startAt), startAt, Invariant($"The first unroll must lie in 0..{unrolls} (the run's length); got {startAt}."));
        ArgumentNullException.ThrowIfNull(functions);
        if (unrolls < 1) throw new ArgumentOutOfRangeException(nameof(unrolls), unrolls, Invariant($"Meta-training needs at least 1 unroll; got {unrolls}."));
        if (validateEvery < 1) throw new ArgumentOutOfRangeException(nameof(validateEvery), validateEvery, "Validate every 1 or more unrolls.");
        if (!(finalFraction > 0 && finalFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(finalFraction), finalFraction, "The final learning rate is a fraction of the first, in (0, 1] (1: no annealing).");
        var peak = MetaLearningRate;
        _fitPeak = peak;
        var curve = new List<MetaTrainingPoint>(unrolls);
        try
        {
            for (var i = startAt; i < unrolls; i++)
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
                Unrolls = i + 1;
                progress?.Invoke(point);
            }
        }
        finally
        {
            MetaLearningRate = peak;
            _fitPeak = null;
        }
        return curve;
    }

    /// <summary>Unrolls of <see cref="Fit"/> completed so far (restored by <see cref="Load"/>): where a resumed run starts.</summary>
    public int Unrolls { get; private set; }

    /// <summary>
    /// Writes the learned optimizer's weights, Adam's moments and step counts, and the unroll and meta-step counts to
    /// <paramref name="path"/> (atomically: a crash leaves the old file or the new one). Save between calls of
    /// <see cref="Fit"/> (e.g. from its progress callback) and <see cref="Load"/> it into a trainer built with the same settings.
    /// </summary>
    public void Save(string path)
    {
        var tensors = StateDict.Of(Optimizer, "optimizer.");
        try
        {
            // Bookkeeping for the file (TensorFile writes CPU copies anyway): these belong on the CPU whatever the run's device.
            using (var memory = new MemoryStream())
            {
                using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) _adam.save_state_dict(writer);
                tensors["adam.state"] = tensor(memory.ToArray()).DetachFromDisposeScope();
            }
            tensors["trainer.counts"] = tensor(new long[] { Unrolls, MetaSteps, Horizon, Truncation }).DetachFromDisposeScope();
            tensors["trainer.peak_rate"] = tensor(new[] { _fitPeak ?? MetaLearningRate }).DetachFromDisposeScope();
            TensorFile.Save(tensors, path);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Restores what <see cref="Save"/> wrote: continuing with <c>Fit(..., startAt: Unrolls)</c> then gives the same
    /// weights and curve as a run that never stopped (on the CPU, same threads).
    /// </summary>
    /// <exception cref="ArgumentException">The file was saved with another horizon or truncation, or for an optimizer of other sizes.</exception>
    public void Load(string path)
    {
        var tensors = TensorFile.Load(path);
        try
        {
            if (!tensors.TryGetValue("trainer.counts", out var countsTensor) || !tensors.TryGetValue("adam.state", out var adamState))
                throw new ArgumentException($"{path} is not a learned-optimizer training state (no trainer.counts / adam.state): write it with LstmOptimizerTrainer.Save.", nameof(path));
            var counts = countsTensor.data<long>().ToArray();
            if (counts[2] != Horizon || counts[3] != Truncation)
                throw new ArgumentException(Invariant($"{path} was saved by a trainer with T = {counts[2]}, truncation {counts[3]}; this one has T = {Horizon}, truncation {Truncation}."), nameof(path));
            StateDict.Load(Optimizer, StateDict.Part(tensors, "optimizer."), $"this {Optimizer}");
            using (var reader = new BinaryReader(new MemoryStream(adamState.data<byte>().ToArray()))) _adam.load_state_dict(reader);
            (Unrolls, MetaSteps) = ((int)counts[0], counts[1]);
            if (tensors.TryGetValue("trainer.peak_rate", out var peak)) MetaLearningRate = peak.ToDouble();   // Adam's state holds the annealed rate
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>"LstmOptimizerTrainer: T = 100, truncation 20, Adam 0.001".</summary>
    public override string ToString() => Invariant($"LstmOptimizerTrainer: T = {Horizon}, truncation {Truncation}, Adam {MetaLearningRate}");

    /// <summary>Frees the meta-optimizer (not the learned optimizer).</summary>
    public void Dispose() => _adam.Dispose();
}
