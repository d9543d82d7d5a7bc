using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The LSTM meta-learner of Ravi &amp; Larochelle 2017, "Optimization as a model for few-shot learning". The learner is
/// a Conv4 classifier (batch norm with each episode's statistics, as MAML's); its flattened parameters are the cell
/// state c_t of an LSTM whose gates (<see cref="MetaLearnerCell"/>, shared by every coordinate) see the gradient and
/// the loss: c_t = f_t * c_{t-1} - i_t * grad_t. The initial state c_0, the learner's initialisation, is meta-learned
/// with the gates. T updates on the support set, then the meta-loss is the query loss of c_T. As in the paper, the
/// gradients and losses fed to the gates are constants: the meta-gradient does not go through the learner's own
/// gradients (no Hessian terms, as first-order MAML), but it does go through c_t's dependence on c_{t-1} and on the gates.
/// </summary>
public sealed class LstmMetaLearner : IFewShotLearner
{
    private readonly Conv4 _network;
    private readonly MetaLearnerCell _cell;
    private readonly long[] _sizes;

    /// <summary>A new meta-learner with a fresh learner initialisation and gates (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public LstmMetaLearner(LstmMetaLearnerOptions? options = null, Device? device = null)
    {
        Options = options ?? new LstmMetaLearnerOptions();
        if (Options.Ways < 2) throw new ArgumentOutOfRangeException(nameof(options), Options.Ways, "The learner's head needs at least 2 classes (Ways).");
        if (Options.InnerSteps < 1 || Options.TestInnerSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"The meta-learner needs at least 1 update in training and at test (got {Options.InnerSteps} and {Options.TestInnerSteps}).");
        _network = new Conv4(hidden: Options.Hidden, classes: Options.Ways, trackRunningStats: false);
        _cell = new MetaLearnerCell(Options.InitialInputGate, Options.InitialForgetGate, Options.PreprocessingScale);
        Devices.Place(device, _network, _cell);
        _sizes = _network.parameters().Select(p => p.numel()).ToArray();
        ParameterGroups = [new ParameterGroup([.. _network.parameters()]), new ParameterGroup([.. _cell.parameters()], Options.GateLearningRate)];
    }

    /// <summary>The settings it was built with.</summary>
    public LstmMetaLearnerOptions Options { get; }

    /// <summary>The learner: a Conv4 classifier whose parameters are c_0, the meta-learned initialisation.</summary>
    public Conv4 Network => _network;

    /// <summary>The meta-learner's gates.</summary>
    public MetaLearnerCell Cell => _cell;

    /// <inheritdoc/>
    public string Name => "LSTM meta-learner";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["learner"] = $"Conv4 ({Options.Hidden} filters, {Options.Ways}-way head, batch statistics), {_sizes.Sum():N0} parameters as the cell state",
        ["updates"] = $"{Options.InnerSteps} in training, {Options.TestInnerSteps} at test",
        ["gates"] = string.Create(CultureInfo.InvariantCulture,
            $"coordinatewise, from (gradient, loss, parameter, previous gate), p = {Options.PreprocessingScale}; start i = {Options.InitialInputGate}, f = {Options.InitialForgetGate}"),
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>
    /// The learner's parameters after <paramref name="steps"/> meta-learner updates on one task's support set
    /// [N*K, C, H, W] with labels [N*K], as one tensor per parameter. With <paramref name="keepGraph"/> the result is
    /// differentiable with respect to c_0 and the gates (meta-training); without it no graph is kept (test time).
    /// <paramref name="gates"/>, when given, receives each update's mean gate values per parameter tensor.
    /// </summary>
    public IReadOnlyList<Tensor> Adapt(Tensor supportImages, Tensor supportLabels, int steps, bool keepGraph, IList<GateValues>? gates = null)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "The meta-learner needs at least 1 update.");
        using var scope = NewDisposeScope();
        using var grad = keepGraph ? enable_grad() : no_grad();
        var c = cat(_network.parameters().Select(p => p.flatten()).ToArray());
        if (!keepGraph) c = c.detach();
        var previousInput = zeros_like(c);
        var previousForget = zeros_like(c);
        for (var step = 1; step <= steps; step++)
        {
            // The learner's loss and gradient at c_{t-1}, as constants (computed on a detached copy).
            Tensor loss, gradient;
            using (enable_grad())
            {
                var weights = Unflatten(c.detach()).Select(w => w.requires_grad_()).ToArray();
                loss = F.cross_entropy(_network.forward(supportImages, weights), supportLabels);
                gradient = cat(Gradients.Of(loss, weights).Select(g => g!.flatten()).ToArray());
                loss = loss.detach();
            }
            var (i, f) = _cell.Gates(gradient, loss, c, previousInput, previousForget);
            c = MetaLearnerCell.Update(c, gradient, i, f);
            gates?.Add(new GateValues(step, MeanPerTensor(i), MeanPerTensor(f)));
            (previousInput, previousForget) = (i, f);
        }
        return Unflatten(c).Select(t => t.MoveToOuterDisposeScope()).ToArray();
    }

    private Tensor[] Unflatten(Tensor flat)
    {
        var parts = flat.split(_sizes);
        return _network.parameters().Select((p, k) => parts[k].view(p.shape)).ToArray();
    }

    private double[] MeanPerTensor(Tensor flat)
    {
        using var scope = NewDisposeScope();
        return flat.detach().split(_sizes).Select(t => t.mean().ToDouble()).ToArray();
    }

    /// <inheritdoc/>
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
        return EpisodicStep.Run((int)supportImages.size(0), t =>
        {
            var fast = Adapt(supportImages[t], supportLabels[t], Options.InnerSteps, keepGraph: true);
            var logits = _network.forward(queryImages[t], fast);
            return (F.cross_entropy(logits, queryLabels[t]), logits, queryLabels[t]);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch) => Predict(batch, Options.TestInnerSteps);

    /// <summary>Query logits [T, N*Q, N] after <paramref name="steps"/> meta-learner updates on each task's support set.</summary>
    public Tensor Predict(TaskBatch batch, int steps)
    {
        CheckWays(batch);
        using var training = _network.TrainingMode(); // batch statistics, as in meta-training
        using var scope = NewDisposeScope();
        var logits = new List<Tensor>();
        for (var t = 0; t < batch.Tasks; t++)
        {
            var fast = Adapt(batch.SupportImages[t], batch.SupportLabels[t], steps, keepGraph: false);
            using (no_grad()) logits.Add(_network.forward(batch.QueryImages[t], fast).unsqueeze(0));
        }
        return cat(logits).MoveToOuterDisposeScope();
    }

    /// <summary>Each update's mean gate values per parameter tensor while adapting to one support set (test-time, no graph).</summary>
    public IReadOnlyList<GateValues> GateTrace(Tensor supportImages, Tensor supportLabels, int steps)
    {
        using var training = _network.TrainingMode();
        var trace = new List<GateValues>();
        using var scope = NewDisposeScope();
        Adapt(supportImages, supportLabels, steps, keepGraph: false, trace);
        return trace;
    }

    private void CheckWays(TaskBatch batch) => HeadWays.Require(batch, Options.Ways, Name, nameof(LstmMetaLearnerOptions));

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict()
    {
        var state = StateDict.Of(_network);
        foreach (var (key, value) in StateDict.Of(_cell, CellPrefix)) state[key] = value;
        return state;
    }

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var network = state.Where(kv => !kv.Key.StartsWith(CellPrefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (network.Count == state.Count)
            throw new ArgumentException($"This state has no '{CellPrefix}*' tensors, so it holds no meta-learner gates: was it saved by another method?", nameof(state));
        StateDict.Load(_network, network, $"the LSTM meta-learner's learner (Conv4, {Options.Hidden} filters, {Options.Ways}-way head)");
        StateDict.Load(_cell, StateDict.Part(state, CellPrefix), "the LSTM meta-learner's gates");
    }

    private const string CellPrefix = "gates.";

    /// <summary>Frees the learner and the gates.</summary>
    public void Dispose()
    {
        _network.Dispose();
        _cell.Dispose();
    }

    /// <summary>"LSTM meta-learner (learner: ..., updates: ..., gates: ...)".</summary>
    public override string ToString() => this.Describe();
}
