using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>
/// Model-Agnostic Meta-Learning (Finn, Abbeel &amp; Levine 2017) and the variants that change only its inner loop:
/// first-order MAML, ANIL (head-only inner loop, Raghu et al. 2020) and Meta-SGD (learned per-parameter step sizes,
/// Li et al. 2017). The learner is a Conv4
/// classifier theta; for each task, k SGD steps on the support set give fast weights theta' (<see cref="InnerLoop"/>),
/// and the meta-loss is the query loss of theta'. Second order differentiates through the inner steps (the
/// Hessian-vector terms); first order treats the inner gradients as constants. Batch norm always uses the batch's
/// statistics, in training and at test time, as Finn's code does (transductive: a query batch is normalised by its own
/// statistics).
/// </summary>
public sealed class Maml : IFewShotLearner
{
    private readonly Conv4 _network;
    private readonly TorchSharp.Modules.Parameter[] _stepSizes;
    private readonly bool[] _adapts;

    /// <summary>A new MAML with freshly initialised weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public Maml(MamlOptions? options = null, Device? device = null)
    {
        Options = options ?? new MamlOptions();
        if (Options.Ways < 2) throw new ArgumentOutOfRangeException(nameof(options), Options.Ways, "MAML's head needs at least 2 classes (Ways).");
        if (Options.InnerSteps < 0 || Options.TestInnerSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options, "The inner step counts must be 0 or more.");
        if (!double.IsFinite(Options.InnerLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), Options.InnerLearningRate, "The inner learning rate must be a finite number.");
        if (Options.TasksPerPass is < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.TasksPerPass, "TasksPerPass must be at least 1.");
        _network = new Conv4(hidden: Options.Hidden, classes: Options.Ways, trackRunningStats: false);
        Devices.Place(device, _network);
        var names = _network.named_parameters().Select(p => p.name).ToArray();
        _adapts = names.Select(n => !Options.HeadOnly || n.StartsWith("head.", StringComparison.Ordinal)).ToArray();
        _stepSizes = Options.LearnedStepSizes
            ? _network.parameters().Select(p => new TorchSharp.Modules.Parameter((torch.ones_like(p) * Options.InnerLearningRate).detach())).ToArray()
            : [];
        ParameterGroups = [new ParameterGroup([.. _network.parameters(), .. _stepSizes])];
    }

    /// <summary>The settings it was built with.</summary>
    public MamlOptions Options { get; }

    /// <summary>theta: the Conv4 classifier whose initialisation is meta-learned.</summary>
    public Conv4 Network => _network;

    /// <inheritdoc/>
    public string Name => Options switch
    {
        { LearnedStepSizes: true } => "Meta-SGD",
        { HeadOnly: true } => "ANIL",
        { FirstOrder: true } => "FOMAML",
        _ => "MAML",
    };

    /// <summary>Meta-SGD's learned step sizes, one tensor per network parameter (empty for the other variants).</summary>
    public IReadOnlyList<Tensor> StepSizes => _stepSizes;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["network"] = $"Conv4 ({Options.Hidden} filters, {Options.Ways}-way head, batch statistics)",
        ["inner loop"] = string.Create(CultureInfo.InvariantCulture,
            $"{Options.InnerSteps} SGD step(s) in training, {Options.TestInnerSteps} at test, alpha {Options.InnerLearningRate}") +
            (Options.LearnedStepSizes ? " (learned per parameter)" : "") + (Options.HeadOnly ? ", head only" : ""),
        ["meta-gradient"] = Options.FirstOrder ? "first order" : "second order",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>theta' for one task: <paramref name="steps"/> SGD steps on the support set [N*K, C, H, W] with labels [N*K].</summary>
    public IReadOnlyList<Tensor> Adapt(Tensor supportImages, Tensor supportLabels, int steps, bool createGraph) =>
        InnerLoop.Adapt(_network.ParameterList(), w => F.cross_entropy(_network.forward(supportImages, w), supportLabels),
            steps, Options.InnerLearningRate, createGraph, Options.LearnedStepSizes ? _stepSizes : null, _adapts);

    /// <summary>
    /// theta' for a stack of T tasks at once: support images [T, N*K, C, H, W], labels [T, N*K] -> one [T, ...] fast-weight
    /// stack per parameter. The sum of the tasks' support losses is differentiated with respect to theta repeated T times,
    /// so slice t of each gradient is task t's own gradient and slice t of the result equals
    /// <see cref="Adapt"/>(images[t], labels[t]).
    /// </summary>
    public IReadOnlyList<Tensor> AdaptTasks(Tensor supportImages, Tensor supportLabels, int steps, bool createGraph)
    {
        var tasks = supportImages.size(0);
        var stacked = _network.ParameterList().Select(p => p.unsqueeze(0).expand([tasks, .. p.shape])).ToArray();
        return InnerLoop.Adapt(stacked, w => F.cross_entropy(_network.ForwardTasks(supportImages, w).flatten(0, 1), supportLabels.flatten()) * tasks,
            steps, Options.InnerLearningRate, createGraph, Options.LearnedStepSizes ? _stepSizes : null, _adapts);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The tasks run <see cref="TasksPerPass"/> at a time as one batched forward (<see cref="Conv4.ForwardTasks"/>),
    /// with one backward per pass, so that only that many tasks' second-order graphs are in memory at once.
    /// </remarks>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        CheckWays(batch);
        return MetaTrainStep(batch.SupportImages, batch.SupportLabels, batch.QueryImages, batch.QueryLabels);
    }

    /// <summary>
    /// <see cref="MetaTrainStep(TaskBatch)"/> on tensors: support images [T, N*K, C, H, W] with labels [T, N*K], query
    /// images [T, M, C, H, W] with labels [T, M] (labels 0..N-1 for the head's N).
    /// </summary>
    public StepResult MetaTrainStep(Tensor supportImages, Tensor supportLabels, Tensor queryImages, Tensor queryLabels)
    {
        using var training = _network.TrainingMode();
        var tasks = (int)supportImages.size(0);
        using var totals = new StepTotals();
        foreach (var (start, count) in Passes(tasks))
        {
            using var scope = NewDisposeScope();
            var fast = AdaptTasks(supportImages.narrow(0, start, count), supportLabels.narrow(0, start, count), Options.InnerSteps,
                createGraph: !Options.FirstOrder);
            var labels = queryLabels.narrow(0, start, count);
            var logits = _network.ForwardTasks(queryImages.narrow(0, start, count), fast);
            var passLoss = F.cross_entropy(logits.flatten(0, 1), labels.flatten()); // the mean of the tasks' losses (same query count each)
            (passLoss * ((double)count / tasks)).backward();
            totals.Add(passLoss, logits, labels, count, tasks);
        }
        return totals.Result();
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch) => Predict(batch, Options.TestInnerSteps);

    /// <summary>Query logits [T, N*Q, N] after <paramref name="steps"/> inner steps on each task's support set.</summary>
    public Tensor Predict(TaskBatch batch, int steps)
    {
        CheckWays(batch);
        using var training = _network.TrainingMode(); // batch statistics, as in meta-training
        using var scope = NewDisposeScope();
        var logits = new List<Tensor>();
        foreach (var (start, count) in Passes(batch.Tasks))
        {
            var fast = AdaptTasks(batch.SupportImages.narrow(0, start, count), batch.SupportLabels.narrow(0, start, count), steps, createGraph: false);
            using (no_grad()) logits.Add(_network.ForwardTasks(batch.QueryImages.narrow(0, start, count), fast).detach());
        }
        return cat(logits).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// How many of <paramref name="tasks"/> tasks go through one batched pass: <see cref="MamlOptions.TasksPerPass"/> when
    /// set, else all of them on CUDA and one at a time on the CPU (each the faster where it was measured).
    /// </summary>
    public int TasksPerPass(int tasks) => Options.TasksPerPass ?? (_network.parameters().First().device.type == DeviceType.CUDA ? Math.Max(tasks, 1) : 1);

    private IEnumerable<(int Start, int Count)> Passes(int tasks)
    {
        var perPass = TasksPerPass(tasks);
        for (var start = 0; start < tasks; start += perPass) yield return (start, Math.Min(perPass, tasks - start));
    }

    private void CheckWays(TaskBatch batch) => HeadWays.Require(batch, Options.Ways, Name, nameof(MamlOptions));

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict()
    {
        var state = StateDict.Of(_network);
        for (var i = 0; i < _stepSizes.Length; i++) state[StepSizeKey(i)] = _stepSizes[i].alias().DetachFromDisposeScope();
        return state;
    }

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var what = $"{Name}'s network (Conv4, {Options.Hidden} filters, {Options.Ways}-way head)";
        var network = state.Where(kv => !kv.Key.StartsWith("step_size.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var sizes = state.Count - network.Count;
        if (sizes != _stepSizes.Length)
            throw new ArgumentException($"This state has {sizes} step-size tensors but {what} has {_stepSizes.Length}: was it saved by another method?", nameof(state));
        StateDict.Load(_network, network, what);
        using var noGrad = no_grad();
        for (var i = 0; i < _stepSizes.Length; i++)
        {
            var saved = state[StepSizeKey(i)];
            if (!saved.shape.SequenceEqual(_stepSizes[i].shape))
                throw new ArgumentException($"Step size {i} has shape {Shapes.Format(saved)}, {what} needs {Shapes.Format(_stepSizes[i])}.", nameof(state));
            _stepSizes[i].copy_(saved.to(_stepSizes[i].device));
        }
    }

    private static string StepSizeKey(int i) => $"step_size.{i}";

    /// <summary>Frees the network and the step sizes.</summary>
    public void Dispose()
    {
        _network.Dispose();
        foreach (var p in _stepSizes) p.Dispose();
    }

    /// <summary>"MAML (network: ..., inner loop: ..., meta-gradient: second order)".</summary>
    public override string ToString() => this.Describe();
}
