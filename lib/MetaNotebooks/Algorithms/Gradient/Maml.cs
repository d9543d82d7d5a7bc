using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Models;
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
    public Maml(MamlOptions? options = null)
    {
        Options = options ?? new MamlOptions();
        if (Options.Ways < 2) throw new ArgumentOutOfRangeException(nameof(options), Options.Ways, "MAML's head needs at least 2 classes (Ways).");
        if (Options.InnerSteps < 0 || Options.TestInnerSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options, "The inner step counts must be 0 or more.");
        if (!double.IsFinite(Options.InnerLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), Options.InnerLearningRate, "The inner learning rate must be a finite number.");
        _network = new Conv4(hidden: Options.Hidden, classes: Options.Ways, trackRunningStats: false);
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

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        CheckWays(batch);
        _network.train();
        double loss = 0, accuracy = 0;
        for (var t = 0; t < batch.Tasks; t++)
        {
            // One backward per task: the second-order graph of one task at a time stays in memory.
            using var scope = NewDisposeScope();
            var fast = Adapt(batch.SupportImages[t], batch.SupportLabels[t], Options.InnerSteps, createGraph: !Options.FirstOrder);
            var logits = _network.forward(batch.QueryImages[t], fast);
            var taskLoss = F.cross_entropy(logits, batch.QueryLabels[t]);
            (taskLoss / batch.Tasks).backward();
            loss += taskLoss.ToDouble() / batch.Tasks;
            accuracy += Accuracy.Of(logits, batch.QueryLabels[t]) / batch.Tasks;
        }
        return new StepResult(loss, accuracy);
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch) => Predict(batch, Options.TestInnerSteps);

    /// <summary>Query logits [T, N*Q, N] after <paramref name="steps"/> inner steps on each task's support set.</summary>
    public Tensor Predict(TaskBatch batch, int steps)
    {
        CheckWays(batch);
        using var training = TrainingModeScope.Training(_network); // batch statistics, as in meta-training
        using var scope = NewDisposeScope();
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
        {
            var fast = Adapt(batch.SupportImages[t], batch.SupportLabels[t], steps, createGraph: false);
            using (no_grad()) logits[t] = _network.forward(batch.QueryImages[t], fast).detach();
        }
        return stack(logits).MoveToOuterDisposeScope();
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
            _stepSizes[i].copy_(saved);
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
