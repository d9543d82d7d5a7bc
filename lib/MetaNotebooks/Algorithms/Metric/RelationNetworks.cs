using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// Relation Networks (Sung, Yang, Zhang, Xiang, Torr &amp; Hospedales 2018): instead of a fixed distance, a second
/// network learns to compare. An embedding module f_phi turns every image into a 64x5x5 feature map (28x28 input;
/// <see cref="RelationEmbedding"/>); a class's feature map is the sum of its K support maps; each (class, query) pair's
/// maps are concatenated along the channels and a relation module g_phi (<see cref="RelationModule"/>) scores it in
/// (0, 1). Trained with the mean squared error between the scores and one-hot targets, as in the paper (a regression
/// of the relation, not a softmax). The scores are the query logits [N*Q, N]. Public steps for a notebook:
/// <see cref="Embed"/> -> <see cref="ClassFeatures"/> -> <see cref="Pairs"/> -> <see cref="RelationScores"/> -> <see cref="Loss"/>.
/// </summary>
public sealed class RelationNetworks : IFewShotLearner
{
    /// <summary>The image side the networks are built for (feature maps are then 5x5).</summary>
    public const int ImageSize = 28;

    private readonly RelationEmbedding _embedding;
    private readonly RelationModule _relation;
    private readonly NamedModules _network;

    /// <summary>A new Relation Network with fresh weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public RelationNetworks(RelationOptions? options = null, Device? device = null)
    {
        Options = options ?? new RelationOptions();
        if (Options.Hidden <= 0 || Options.RelationHidden <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options, "Relation needs positive sizes (Hidden filters, RelationHidden units).");
        _embedding = new RelationEmbedding(Options.Hidden);
        _relation = new RelationModule(Options.Hidden, FeatureSize, Options.RelationHidden);
        _network = new NamedModules(("embedding", _embedding), ("relation", _relation));
        Devices.Place(device, _network);
        ParameterGroups = [new ParameterGroup([.. _network.parameters()])];
    }

    /// <summary>The side of the feature maps (5 at 28x28).</summary>
    public static int FeatureSize => RelationEmbedding.FeatureSize(ImageSize);

    /// <summary>The settings it was built with.</summary>
    public RelationOptions Options { get; }

    /// <summary>f_phi: images [M, 1, 28, 28] -> feature maps [M, Hidden, 5, 5].</summary>
    public RelationEmbedding Embedding => _embedding;

    /// <summary>g_phi: pairs [P, 2 * Hidden, 5, 5] -> relation scores [P].</summary>
    public RelationModule Relation => _relation;

    /// <inheritdoc/>
    public string Name => "Relation";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["embedding"] = $"4 conv blocks ({Options.Hidden} filters, last two unpooled): {Options.Hidden}x{FeatureSize}x{FeatureSize} feature maps at 28x28",
        ["relation module"] = $"2 conv blocks, FC {Options.Hidden} -> {Options.RelationHidden} -> 1, sigmoid",
        ["class features"] = "sum of the K support feature maps",
        ["loss"] = "mean squared error against one-hot targets",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Feature maps f_phi(x): images [M, 1, 28, 28] -> [M, Hidden, 5, 5].</summary>
    public Tensor Embed(Tensor images) => _embedding.forward(images);

    /// <summary>
    /// One feature map per class: the sum of its K support maps (the paper's K-shot rule), support maps [N*K, C, h, w]
    /// (label-major) -> [N, C, h, w].
    /// </summary>
    public static Tensor ClassFeatures(Tensor supportFeatures, int ways, int shots)
    {
        Shapes.Expect(supportFeatures, nameof(supportFeatures), $"[N*K, C, h, w] with N*K = {ways}*{shots}", (long)ways * shots, null, null, null);
        using var grouped = supportFeatures.reshape(ways, shots, supportFeatures.size(1), supportFeatures.size(2), supportFeatures.size(3));
        return grouped.sum([1]);
    }

    /// <summary>
    /// Every (class, query) pair's concatenated maps, query-major: row m * N + k is [class k's map, query m's map] along
    /// the channels. Class maps [N, C, h, w] and query maps [M, C, h, w] -> [M * N, 2C, h, w].
    /// </summary>
    public static Tensor Pairs(Tensor classFeatures, Tensor queryFeatures)
    {
        Shapes.Expect(classFeatures, nameof(classFeatures), "[N, C, h, w]", null, null, null, null);
        Shapes.Expect(queryFeatures, nameof(queryFeatures), "[M, C, h, w] with the class maps' C, h, w", null, classFeatures.size(1), classFeatures.size(2), classFeatures.size(3));
        using var scope = NewDisposeScope();
        long n = classFeatures.size(0), m = queryFeatures.size(0);
        var classes = classFeatures.unsqueeze(0).expand(m, n, -1, -1, -1);
        var queries = queryFeatures.unsqueeze(1).expand(m, n, -1, -1, -1);
        return cat([classes, queries], 2).flatten(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Relation scores r_{m,k} in (0, 1): pairs [M * N, 2C, h, w] (from <see cref="Pairs"/>) -> [M, N].</summary>
    public Tensor RelationScores(Tensor pairs, int ways)
    {
        Shapes.Expect(pairs, nameof(pairs), $"[M * N, 2C, h, w] with C = {Options.Hidden}", null, 2L * Options.Hidden, FeatureSize, FeatureSize);
        if (ways < 1 || pairs.size(0) % ways != 0)
            throw new ArgumentException($"pairs has {pairs.size(0)} rows, not a multiple of the {ways} classes: build them with Pairs(classFeatures, queryFeatures).", nameof(pairs));
        using var scope = NewDisposeScope();
        return _relation.forward(pairs).reshape(-1, ways).MoveToOuterDisposeScope();
    }

    /// <summary>The paper's loss: mean over queries and classes of (r_{m,k} - [y_m = k])^2, scores [M, N] and labels [M] -> scalar.</summary>
    public static Tensor Loss(Tensor scores, Tensor labels)
    {
        Shapes.Expect(scores, nameof(scores), "[M, N]", null, null);
        Shapes.Expect(labels, nameof(labels), $"[M] with M = {scores.size(0)} queries", scores.size(0));
        Shapes.ExpectDtype(labels, nameof(labels), ScalarType.Int64);
        using var scope = NewDisposeScope();
        var bad = labels.lt(0).logical_or(labels.ge(scores.size(1))).any().ToBoolean();
        if (bad) throw new ArgumentException($"labels must lie in 0..{scores.size(1) - 1} (one per class column of the scores).", nameof(labels));
        var targets = F.one_hot(labels, scores.size(1)).to(scores.dtype);
        return F.mse_loss(scores, targets).MoveToOuterDisposeScope();
    }

    /// <summary>Relation scores [N*Q, N] of one episode: support and query embedded in one pass (batch norm sees them together, as in training).</summary>
    public Tensor EpisodeScores(Tensor supportImages, Tensor queryImages, int ways, int shots)
    {
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        return RelationScores(Pairs(ClassFeatures(support, ways, shots), query), ways).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        MetricEpisodeChecks.Require(batch, Name, ImageSize);
        using var training = _network.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var scores = EpisodeScores(batch.SupportImages[t], batch.QueryImages[t], batch.Ways, batch.Shots);
            return (Loss(scores, batch.QueryLabels[t]), scores);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        MetricEpisodeChecks.Require(batch, Name, ImageSize);
        // Each part's mode is set and restored on its own (a scope on the container would restore its mode into both).
        using var embeddingMode = _embedding.EvaluationMode();
        using var relationMode = _relation.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
        {
            // Evaluation mode: batch norm uses running statistics, so each task's result does not depend on the others.
            var support = Embed(batch.SupportImages[t]);
            var query = Embed(batch.QueryImages[t]);
            logits[t] = RelationScores(Pairs(ClassFeatures(support, batch.Ways, batch.Shots), query), batch.Ways);
        }
        return stack(logits).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_network);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_network, state, $"{Name}'s networks (embedding and relation module, {Options.Hidden} filters, FC {Options.RelationHidden})");

    /// <summary>Frees the networks.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>"Relation (embedding: ..., relation module: ..., ...)".</summary>
    public override string ToString() => this.Describe();
}
