using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>
/// The transfer-learning baseline: pretrain a Conv4 classifier over all training classes (plain supervised learning
/// on the images of each task batch, labelled by their global class), then, for every test episode, freeze the
/// backbone and fit a new linear head (zero-initialised, <see cref="PretrainOptions.FineTuneSteps"/> full-batch
/// Adam steps) on the support set's embeddings. The heads of a batch's episodes are fitted together but independently
/// (batched matrix products; each task's loss has its own parameters).
/// </summary>
public sealed class PretrainFinetune : IFewShotLearner
{
    private readonly Conv4 _backbone;
    private readonly TorchSharp.Modules.Linear _head;
    private readonly Dictionary<EpisodeClass, int> _classIndex;

    /// <summary>A new baseline classifying <paramref name="trainClasses"/> (the training part of the split).</summary>
    /// <param name="trainClasses">The classes the pretraining head classifies.</param>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public PretrainFinetune(IReadOnlyList<EpisodeClass> trainClasses, PretrainOptions? options = null, Device? device = null)
    {
        Options = options ?? new PretrainOptions();
        if (trainClasses.Count == 0) throw new ArgumentException("The pretrain baseline needs at least one training class.", nameof(trainClasses));
        if (Options.Hidden <= 0 || Options.FineTuneSteps < 0 || !(Options.FineTuneLearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(options), Options, "Hidden and the fine-tune learning rate must be positive, the fine-tune steps non-negative.");
        _classIndex = trainClasses.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        Classes = trainClasses.Count;
        _backbone = new Conv4(hidden: Options.Hidden);
        _head = nn.Linear(Options.Hidden, Classes);
        Devices.Place(device, _backbone, _head);
        ParameterGroups = [new ParameterGroup([.. _backbone.parameters(), .. _head.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public PretrainOptions Options { get; }

    /// <summary>How many classes the pretraining head has.</summary>
    public int Classes { get; }

    /// <summary>The backbone: [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Conv4 Backbone => _backbone;

    /// <inheritdoc/>
    public string Name => "Pretrain+finetune";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["backbone"] = $"Conv4 ({Options.Hidden} filters)",
        ["pretraining head"] = $"{Classes} classes",
        ["fine-tuning"] = string.Create(CultureInfo.InvariantCulture, $"new linear head, {Options.FineTuneSteps} Adam steps, lr {Options.FineTuneLearningRate}, backbone frozen"),
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Global class labels of the batch's images: every task's support items, then every task's query items.</summary>
    public Tensor GlobalLabels(TaskBatch batch)
    {
        var labels = new List<long>();
        foreach (var side in new Func<Episode, LabelledSet>[] { e => e.Support, e => e.Query })
        foreach (var e in batch.Episodes)
        foreach (var item in side(e).Items)
        {
            var cls = e.Classes[item.Label];
            if (!_classIndex.TryGetValue(cls, out var index))
                throw new ArgumentException($"Class {cls} of episode {e.Key} is not one of the {Classes} pretraining classes: pretrain on the training part of the split.", nameof(batch));
            labels.Add(index);
        }
        return tensor(labels.ToArray(), device: batch.SupportImages.device);
    }

    /// <summary>Supervised pretraining: cross-entropy over all training classes on every image of the batch.</summary>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        using var training = _backbone.TrainingMode();
        using var scope = NewDisposeScope();
        var images = cat([batch.SupportImages.flatten(0, 1), batch.QueryImages.flatten(0, 1)]);
        var labels = GlobalLabels(batch);
        var features = _backbone.forward(images);
        if (features.size(1) != Options.Hidden)
            throw new ArgumentException(
                $"{Name} pretrains on 28x28 images ({Options.Hidden} features per image); images of shape {Shapes.Format(batch.SupportImages)} give {features.size(1)}.", nameof(batch));
        var logits = _head.forward(features);
        var loss = F.cross_entropy(logits, labels);
        loss.backward();
        return new StepResult(loss.ToDouble(), EpisodicStep.QueryAccuracy(logits, labels));
    }

    /// <summary>Query logits [T, N*Q, N] from a new linear head per episode, fitted on the frozen support embeddings.</summary>
    public Tensor Predict(TaskBatch batch)
    {
        using var evaluation = _backbone.EvaluationMode();
        using var scope = NewDisposeScope();
        Tensor support, query;
        using (no_grad())
        {
            support = _backbone.forward(batch.SupportImages.flatten(0, 1)).reshape(batch.Tasks, batch.Ways * batch.Shots, -1);
            query = _backbone.forward(batch.QueryImages.flatten(0, 1)).reshape(batch.Tasks, batch.Ways * batch.Queries, -1);
        }
        var weight = new TorchSharp.Modules.Parameter(zeros([batch.Tasks, support.size(2), batch.Ways], device: support.device));
        var bias = new TorchSharp.Modules.Parameter(zeros([batch.Tasks, 1, batch.Ways], device: support.device));
        var labels = batch.SupportLabels.reshape(-1);
        using (enable_grad())
        using (var optimizer = torch.optim.Adam([weight, bias], Options.FineTuneLearningRate))
        {
            for (var step = 0; step < Options.FineTuneSteps; step++)
            {
                using var stepScope = NewDisposeScope();
                var logits = support.bmm(weight) + bias;
                // The sum of the tasks' mean losses: each head gets its own task's gradient.
                var loss = F.cross_entropy(logits.reshape(-1, batch.Ways), labels) * batch.Tasks;
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        using (no_grad())
            return (query.bmm(weight) + bias).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict()
    {
        var state = StateDict.Of(_backbone, "backbone.");
        foreach (var (name, t) in StateDict.Of(_head, "head.")) state[name] = t;
        return state;
    }

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var unexpected = state.Keys.Where(k => !k.StartsWith("backbone.", StringComparison.Ordinal) && !k.StartsWith("head.", StringComparison.Ordinal)).ToList();
        if (unexpected.Count > 0) throw new ArgumentException($"Unexpected keys for {Name}: {string.Join(", ", unexpected)}.", nameof(state));
        StateDict.Load(_backbone, StateDict.Part(state, "backbone."), $"{Name}'s backbone (Conv4, {Options.Hidden} filters)");
        StateDict.Load(_head, StateDict.Part(state, "head."), $"{Name}'s pretraining head ({Classes} classes)");
    }

    /// <summary>Frees the networks.</summary>
    public void Dispose()
    {
        _backbone.Dispose();
        _head.Dispose();
    }

    /// <summary>"Pretrain+finetune (backbone: ..., ...)".</summary>
    public override string ToString() => this.Describe();
}
