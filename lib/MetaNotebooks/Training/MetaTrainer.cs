using System.Diagnostics;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Training;

/// <summary>
/// Episodic meta-training: every step draws task batch <c>step</c> of the config's seed (a pure function of
/// (seed, step)), clears the gradients, lets the learner compute them (<see cref="IFewShotLearner.MetaTrainStep"/>),
/// and steps the learner's meta-optimizer (TorchSharp's Adam, or plain SGD for a learner whose gradient is a step
/// direction: <see cref="IFewShotLearner.MetaOptimizer"/>); the learning rate follows the config's schedule (PyTorch's
/// StepLR, the base rate times gamma^floor(step / step size), or linear to 0 at the last step), a pure function of the
/// step, so a resumed run needs no scheduler state. Every <see cref="TrainingConfig.ValidateEvery"/> steps (and at
/// the last) it scores the fixed validation episodes and keeps the best learner state. It records the learning curve,
/// reports progress, and saves checkpoints that resume exactly: model, optimizer, schedule step, step, curve and best
/// state (libtorch's generator is reseeded from (seed, step) at every step, so no RNG state needs saving).
/// </summary>
public sealed class MetaTrainer : IDisposable
{
    private const ulong StepStream = 0x7A1E;
    private readonly IFewShotLearner _learner;
    private readonly IEpisodeSource _source;
    private readonly Experiment _experiment;
    private readonly TorchSharp.Modules.OptimizerHelper _optimizer;
    private readonly List<(torch.optim.ILearningRateController Group, double BaseRate)> _groups = [];
    private readonly List<CurvePoint> _curve = [];
    private Dictionary<string, Tensor>? _best;

    /// <summary>A trainer at step 0 for <paramref name="learner"/> on <paramref name="experiment"/>'s episodes drawn from <paramref name="source"/>.</summary>
    public MetaTrainer(IFewShotLearner learner, IEpisodeSource source, Experiment experiment)
    {
        if (learner.ParameterGroups.Count == 0)
            throw new ArgumentException($"{learner.Name} has no parameters to train; evaluate it directly.", nameof(learner));
        _learner = learner;
        _source = source;
        _experiment = experiment;
        _optimizer = learner.MetaOptimizer switch
        {
            MetaOptimizer.Sgd => torch.optim.SGD(learner.ParameterGroups
                .Select(g => new TorchSharp.Modules.SGD.ParamGroup(g.Parameters, new TorchSharp.Modules.SGD.Options { LearningRate = g.LearningRate ?? Config.LearningRate }))
                .ToList(), Config.LearningRate),
            _ => torch.optim.Adam(learner.ParameterGroups
                .Select(g => new TorchSharp.Modules.Adam.ParamGroup(g.Parameters, new TorchSharp.Modules.Adam.Options { LearningRate = g.LearningRate ?? Config.LearningRate }))
                .ToList(), Config.LearningRate),
        };
        foreach (var g in _optimizer.ParamGroups) _groups.Add((g, g.LearningRate));
        ApplySchedule();
    }

    /// <summary>The run's settings.</summary>
    public TrainingConfig Config => _experiment.Config;

    /// <summary>The learner being trained.</summary>
    public IFewShotLearner Learner => _learner;

    /// <summary>Steps done so far.</summary>
    public int Step { get; private set; }

    /// <summary>The learning curve, one point per step done.</summary>
    public IReadOnlyList<CurvePoint> Curve => _curve;

    /// <summary>The best validation accuracy so far and the step it was reached at, or null before the first validation.</summary>
    public (int Step, double Accuracy)? Best { get; private set; }

    /// <summary>Wall-clock seconds spent in <see cref="Run"/> so far, over every resumed part of the run (validations included).</summary>
    public double WallSeconds { get; private set; }

    /// <summary>This process's CPU seconds (every thread) spent in <see cref="Run"/> so far, over every resumed part of the run.</summary>
    public double CpuSeconds { get; private set; }

    /// <summary>
    /// The command lines that trained this run, joined by " ; " when it was resumed (saved in the checkpoint for the
    /// results' provenance; null when the trainer was not started from a command line).
    /// </summary>
    public string? Command { get; set; }

    /// <summary>The learning rate the next step will use.</summary>
    public double LearningRate => _groups[0].Group.LearningRate;

    /// <summary>
    /// Trains until <paramref name="untilStep"/> (default: the config's steps) or cancellation, reporting after each
    /// step; saves a checkpoint to <paramref name="checkpointPath"/> (when given) at every validation and at the end.
    /// </summary>
    public void Run(int? untilStep = null, IProgress<TrainingProgress>? progress = null, string? checkpointPath = null, CancellationToken cancellationToken = default)
    {
        var until = Math.Min(untilStep ?? Config.Steps, Config.Steps);
        var watch = Stopwatch.StartNew();
        var startStep = Step;
        var (wallBefore, cpuBefore, cpuStart) = (WallSeconds, CpuSeconds, Process.GetCurrentProcess().TotalProcessorTime);
        while (Step < until && !cancellationToken.IsCancellationRequested)
        {
            var lr = LearningRate;
            StepResult result;
            using (NewDisposeScope())
            {
                // Anything random inside a step (dropout, ...) is a function of (seed, step) too.
                manual_seed(unchecked((long)SplitMix64.ForKey(Config.Seed, Step, StepStream).NextUInt64()));
                using var batch = _experiment.TrainSampler.Batch(_source, Config.Seed, Step, Config.Tasks, _learner.Device);
                _optimizer.zero_grad();
                result = _learner.MetaTrainStep(batch);
                _optimizer.step();
                _optimizer.zero_grad();
            }
            Step++;
            ApplySchedule();
            double? validation = null;
            if (Step % Config.ValidateEvery == 0 || Step == Config.Steps)
            {
                validation = Validate().Mean;
                if (Best is null || validation > Best.Value.Accuracy)
                {
                    Best = (Step, validation.Value);
                    DisposeBest();
                    _best = _learner.state_dict().ToDictionary(kv => kv.Key, kv => Own(kv.Value));
                }
            }
            _curve.Add(new CurvePoint(Step, result.Loss, result.Accuracy, lr, validation));
            WallSeconds = wallBefore + watch.Elapsed.TotalSeconds;
            CpuSeconds = cpuBefore + (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            if (checkpointPath is not null && (validation is not null || Step == until)) Save(checkpointPath);
            var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
            progress?.Report(new TrainingProgress(Step, Config.Steps, result.Loss, result.Accuracy, (Step - startStep) * Config.Tasks / seconds, validation, Best?.Accuracy,
                (Step - startStep) / seconds));
        }
    }

    /// <summary>Accuracy on the fixed validation episodes, now.</summary>
    public AccuracyResult Validate() => Accuracy.Evaluate(_learner.Name, _experiment.Validation, _source, _learner.Predict, tasks: 25, _learner.Device);

    /// <summary>Loads the best validated state into the learner (no-op before the first validation).</summary>
    public void UseBest()
    {
        if (_best is not null) _learner.load_state_dict(_best);
    }

    /// <summary>Writes a checkpoint (atomically; see <see cref="Checkpoint"/>).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, t) in _learner.state_dict()) tensors["learner." + name] = t;
            tensors["optimizer.state"] = tensor(OptimizerState()).DetachFromDisposeScope();
            if (_best is not null)
                foreach (var (name, t) in _best) tensors["best." + name] = t.alias().DetachFromDisposeScope();
            tensors["trainer.step"] = tensor(new long[] { Step }).DetachFromDisposeScope();
            tensors["trainer.best_step"] = tensor(new long[] { Best?.Step ?? -1 }).DetachFromDisposeScope();
            tensors["trainer.best_accuracy"] = tensor(new[] { Best?.Accuracy ?? double.NaN }).DetachFromDisposeScope();
            // The trainer's own entries (counts, times, curve) are host values bound for the checkpoint file, not inputs to
            // any computation: TensorFile.Save copies each tensor to the CPU before writing, so no device is needed here.
            tensors["trainer.wall_seconds"] = tensor(new[] { WallSeconds }).DetachFromDisposeScope();
            tensors["trainer.cpu_seconds"] = tensor(new[] { CpuSeconds }).DetachFromDisposeScope();
            tensors["curve.step"] = tensor(_curve.Select(p => (long)p.Step).ToArray()).DetachFromDisposeScope();
            tensors["curve.loss"] = tensor(_curve.Select(p => p.Loss).ToArray()).DetachFromDisposeScope();
            tensors["curve.accuracy"] = tensor(_curve.Select(p => p.Accuracy).ToArray()).DetachFromDisposeScope();
            tensors["curve.lr"] = tensor(_curve.Select(p => p.LearningRate).ToArray()).DetachFromDisposeScope();
            tensors["curve.validation"] = tensor(_curve.Select(p => p.ValidationAccuracy ?? double.NaN).ToArray()).DetachFromDisposeScope();
            Checkpoint.Save(path, Config, _learner.Name, tensors, Command);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="Save"/> for the same settings (the step count may differ, to train
    /// longer): continuing then gives bit-identical results to a run that was never stopped (on the CPU).
    /// </summary>
    public void Resume(Checkpoint checkpoint)
    {
        var mine = Config with { Steps = 0 };
        var theirs = checkpoint.Config with { Steps = 0 };
        if (mine != theirs)
            throw new ArgumentException($"Checkpoint {checkpoint.Path} was saved by another run ({checkpoint.Config}); this trainer runs {Config}.");
        _learner.load_state_dict(checkpoint.Part("learner."));
        LoadOptimizerState(checkpoint.Values<byte>("optimizer.state"), checkpoint.Path);
        Step = (int)checkpoint.Scalar("trainer.step");
        ApplySchedule();
        var bestStep = (int)checkpoint.Scalar("trainer.best_step");
        DisposeBest();
        Best = bestStep >= 0 ? (bestStep, checkpoint.Scalar("trainer.best_accuracy")) : null;
        WallSeconds = checkpoint.WallSeconds ?? 0;
        CpuSeconds = checkpoint.CpuSeconds ?? 0;
        Command = checkpoint.Command;
        var best = checkpoint.Part("best.");
        _best = best.Count > 0 ? best.ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope()) : null;
        _curve.Clear();
        var steps = checkpoint.Values<long>("curve.step");
        var loss = checkpoint.Values<double>("curve.loss");
        var accuracy = checkpoint.Values<double>("curve.accuracy");
        var lr = checkpoint.Values<double>("curve.lr");
        var validation = checkpoint.Values<double>("curve.validation");
        for (var i = 0; i < steps.Length; i++)
            _curve.Add(new CurvePoint((int)steps[i], loss[i], accuracy[i], lr[i], double.IsNaN(validation[i]) ? null : validation[i]));
    }

    // The schedule as a function of the step: each group's base rate times gamma^floor(step / step size) (StepLR), or
    // times max(0, 1 - step / steps) (linear to 0 at the last step).
    private void ApplySchedule()
    {
        var factor = Config.Schedule == LearningRateSchedule.Linear
            ? Math.Max(0.0, 1.0 - (double)Step / Math.Max(1, Config.Steps))
            : Math.Pow(Config.LearningRateGamma, Step / Config.LearningRateStepSize);
        foreach (var (group, baseRate) in _groups) group.LearningRate = baseRate * factor;
    }

    // Adam's moments and step counts, in TorchSharp's own optimizer format, kept as bytes inside the checkpoint (whose
    // checksum then covers them).
    private byte[] OptimizerState()
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) _optimizer.save_state_dict(writer);
        return memory.ToArray();
    }

    private void LoadOptimizerState(byte[] state, string path)
    {
        try
        {
            // TorchSharp reads the saved bytes straight into the state's memory, which must then be on the CPU: the
            // state goes there for the load and back to the learner's device after.
            var device = _learner.Device;
            if (device.type != DeviceType.CPU) _optimizer.to(CPU);
            using var reader = new BinaryReader(new MemoryStream(state));
            _optimizer.load_state_dict(reader);
            if (device.type != DeviceType.CPU) _optimizer.to(device);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or InvalidOperationException or IOException)
        {
            throw new InvalidDataException($"Checkpoint {path} has an optimizer state that does not fit this learner's parameters ({e.Message}).", e);
        }
    }

    private static Tensor Own(Tensor t)
    {
        using (t) return t.clone().DetachFromDisposeScope();
    }

    private void DisposeBest()
    {
        if (_best is null) return;
        foreach (var t in _best.Values) t.Dispose();
        _best = null;
    }

    /// <summary>Frees the optimizer's state and the kept best state (not the learner).</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        DisposeBest();
    }
}
