using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>
/// Reptile (Nichol, Achiam &amp; Schulman 2018): for each task, train a copy of the weights for k steps of Adam on the
/// task's images, with no differentiation through them, then move the initialisation toward the adapted weights:
/// theta += epsilon * mean over tasks of (theta'_i - theta), epsilon annealed linearly to 0. <see cref="MetaTrainStep"/>
/// writes theta - mean(theta'_i) into <c>.grad</c> and asks the trainer for plain SGD (<see cref="MetaOptimizer"/>), so
/// that SGD's step theta -= lr * grad is that update with lr = epsilon: the run's learning rate (1 in the paper) and its
/// linear schedule are Reptile's outer step size and its annealing. With k = 1 the
/// direction theta - theta' is alpha times the task's gradient; with k &gt; 1 it is not (the higher-order terms are what
/// make it learn to learn). Batch norm uses the batch's statistics, as for MAML.
/// </summary>
public sealed class Reptile : IFewShotLearner
{
    private readonly Conv4 _network;

    /// <summary>A new Reptile learner (seed libtorch first for reproducible weights).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public Reptile(ReptileOptions? options = null, Device? device = null)
    {
        Options = options ?? new ReptileOptions();
        if (Options.Ways < 2) throw new ArgumentOutOfRangeException(nameof(options), Options.Ways, "Reptile's head needs at least 2 classes (Ways).");
        if (Options.InnerSteps < 1 || Options.TestInnerSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options, "Reptile needs at least 1 inner step in training and 0 or more at test.");
        if (!(Options.InnerLearningRate > 0) || !double.IsFinite(Options.InnerLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), Options, "Reptile's inner learning rate must be positive and finite.");
        _network = new Conv4(hidden: Options.Hidden, classes: Options.Ways, trackRunningStats: false);
        Devices.Place(device, _network);
        ParameterGroups = [new ParameterGroup([.. _network.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public ReptileOptions Options { get; }

    /// <summary>theta: the Conv4 classifier whose initialisation is meta-learned.</summary>
    public Conv4 Network => _network;

    /// <summary>Plain SGD: the trainer's step theta -= lr * (theta - mean theta') is Reptile's update with epsilon = lr.</summary>
    public MetaOptimizer MetaOptimizer => MetaOptimizer.Sgd;

    /// <inheritdoc/>
    public string Name => "Reptile";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["network"] = $"Conv4 ({Options.Hidden} filters, {Options.Ways}-way head, batch statistics)",
        ["inner loop"] = string.Create(CultureInfo.InvariantCulture,
            $"{Options.InnerSteps} Adam steps in training, {Options.TestInnerSteps} at test, lr {Options.InnerLearningRate}"),
        ["outer step"] = "SGD on theta - mean(theta'): epsilon is the run's learning rate and schedule",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>
    /// theta' of one task: a detached copy of the weights trained for <paramref name="steps"/> Adam (or SGD) steps (lr
    /// <see cref="ReptileOptions.InnerLearningRate"/>) on images [M, C, H, W] with labels [M]. The learner is unchanged.
    /// </summary>
    public Tensor[] Adapt(Tensor images, Tensor labels, int steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "The inner loop needs 0 or more steps.");
        var fast = _network.parameters().Select(p => new TorchSharp.Modules.Parameter(p.detach().clone())).ToArray();
        using (enable_grad())
        using (var optimizer = Options.SgdInnerLoop
                   ? (torch.optim.Optimizer)torch.optim.SGD(fast, Options.InnerLearningRate)
                   : torch.optim.Adam(fast, Options.InnerLearningRate))
        {
            for (var s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                F.cross_entropy(_network.forward(images, fast), labels).backward();
                optimizer.step();
            }
        }
        return fast.Select(p => p.detach()).ToArray();
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        CheckWays(batch);
        using var training = _network.TrainingMode();
        using var scope = NewDisposeScope();
        var theta = _network.ParameterList();
        var metaGradient = theta.Select(t => torch.zeros_like(t)).ToArray();
        using var totals = new StepTotals();
        for (var t = 0; t < batch.Tasks; t++)
        {
            // The task's data: its support and query images together (Reptile does not split a training task).
            var images = cat([batch.SupportImages[t], batch.QueryImages[t]]);
            var labels = cat([batch.SupportLabels[t], batch.QueryLabels[t]]);
            using (no_grad())
            {
                var logits = _network.forward(batch.QueryImages[t]);
                totals.Add(F.cross_entropy(logits, batch.QueryLabels[t]), logits, batch.QueryLabels[t], 1, batch.Tasks);
            }
            var adapted = Adapt(images, labels, Options.InnerSteps);
            for (var i = 0; i < theta.Count; i++) metaGradient[i].add_(theta[i].detach() - adapted[i], alpha: 1.0 / batch.Tasks);
        }
        for (var i = 0; i < theta.Count; i++) ((TorchSharp.Modules.Parameter)theta[i]).grad = metaGradient[i];
        return totals.Result();
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch) => Predict(batch, Options.TestInnerSteps);

    /// <summary>Query logits [T, N*Q, N] after <paramref name="steps"/> inner steps on each task's support set.</summary>
    public Tensor Predict(TaskBatch batch, int steps)
    {
        CheckWays(batch);
        using var training = _network.TrainingMode();
        using var scope = NewDisposeScope();
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
        {
            var fast = Adapt(batch.SupportImages[t], batch.SupportLabels[t], steps);
            using (no_grad()) logits[t] = _network.forward(batch.QueryImages[t], fast);
        }
        return stack(logits).MoveToOuterDisposeScope();
    }

    private void CheckWays(TaskBatch batch) => HeadWays.Require(batch, Options.Ways, Name, nameof(ReptileOptions));

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_network);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_network, state, $"Reptile's network (Conv4, {Options.Hidden} filters, {Options.Ways}-way head)");

    /// <summary>Frees the network.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>"Reptile (network: ..., inner loop: ..., outer step: ...)".</summary>
    public override string ToString() => this.Describe();
}
