using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// Matching Networks (Vinyals, Blundell, Lillicrap, Kavukcuoglu &amp; Wierstra 2016). A query's label distribution is
/// an attention-weighted sum of the support labels, y^ = sum_i a(x, x_i) y_i, with a(x, x_i) the softmax over the
/// support set of the (scaled) cosine similarity between the query's embedding f(x) and each support embedding
/// g(x_i); the loss is the negative log of y^ at the true class. The simple embedding is f = g = Conv4; with full
/// context embeddings (<see cref="MatchingOptions.FullContextEmbeddings"/>) g is a bidirectional LSTM over the support
/// embeddings and f an attention LSTM reading the support set (<see cref="FullContextEmbeddings"/>). The steps are
/// public for the notebook: <see cref="Embed"/> -> <see cref="ContextEmbed"/> (g) and <see cref="QueryEmbed"/> (f) ->
/// <see cref="Similarities"/> -> <see cref="Attention"/> -> <see cref="LabelDistribution"/> -> <see cref="Loss"/>.
/// Support labels are read from the batch, so any support order works; nothing is adapted at test time.
/// </summary>
public sealed class MatchingNetworks : IFewShotLearner
{
    private readonly NamedModules _modules;
    private readonly Conv4 _embedding;
    private readonly FullContextEmbeddings? _fce;

    /// <summary>A new Matching Network with freshly initialised weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public MatchingNetworks(MatchingOptions? options = null, Device? device = null)
    {
        Options = options ?? new MatchingOptions();
        if (Options.Hidden <= 0) throw new ArgumentOutOfRangeException(nameof(options), Options.Hidden, "Matching Networks need a positive embedding size (Hidden).");
        if (!(Options.CosineScale > 0) || !double.IsFinite(Options.CosineScale))
            throw new ArgumentOutOfRangeException(nameof(options), Options.CosineScale, "The cosine scale must be a positive number (1 is the paper's plain softmax over cosines).");
        _embedding = new Conv4(hidden: Options.Hidden);
        if (Options.FullContextEmbeddings) _fce = new FullContextEmbeddings(Options.Hidden, Options.ProcessingSteps);
        _modules = _fce is null ? new NamedModules(("embedding", _embedding)) : new NamedModules(("embedding", _embedding), ("fce", _fce));
        Devices.Place(device, _modules);
        ParameterGroups = [new ParameterGroup([.. _modules.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public MatchingOptions Options { get; }

    /// <summary>The embedding network f' = g' (Conv4): [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Conv4 Embedding => _embedding;

    /// <summary>The full context embeddings, or null when they are off.</summary>
    public FullContextEmbeddings? ContextEmbeddings => _fce;

    /// <inheritdoc/>
    public string Name => "Matching";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["embedding"] = $"Conv4 ({Options.Hidden} filters, {Options.Hidden}-d)",
        ["full context embeddings"] = _fce is null ? "off (f = g = Conv4)" : $"on (bidirectional LSTM g, attention LSTM f with {Options.ProcessingSteps} steps)",
        ["attention"] = string.Create(CultureInfo.InvariantCulture, $"softmax of {Options.CosineScale} x cosine"),
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Embeddings f'(x) = g'(x): images [M, 1, 28, 28] -> [M, D].</summary>
    public Tensor Embed(Tensor images)
    {
        EpisodeImages.Require(images, nameof(images), "Matching Networks");
        return _embedding.forward(images);
    }

    /// <summary>g: the support embeddings in the context of the support set, [S, D] -> [S, D] (the identity without FCE).</summary>
    public Tensor ContextEmbed(Tensor supportEmbeddings)
    {
        Shapes.Expect(supportEmbeddings, nameof(supportEmbeddings), "[S, D]", null, Options.Hidden);
        if (supportEmbeddings.size(0) == 0) throw new ArgumentException("The support set is empty (K = 0 shots): every class needs at least one support image.", nameof(supportEmbeddings));
        return _fce is null ? supportEmbeddings.alias() : _fce.Support(supportEmbeddings);
    }

    /// <summary>f: the query embeddings [M, D] in the context of g(support) [S, D] -> [M, D] (the identity without FCE).</summary>
    public Tensor QueryEmbed(Tensor queryEmbeddings, Tensor supportContext)
    {
        Shapes.Expect(queryEmbeddings, nameof(queryEmbeddings), "[M, D]", null, Options.Hidden);
        Shapes.Expect(supportContext, nameof(supportContext), "[S, D]", null, Options.Hidden);
        return _fce is null ? queryEmbeddings.alias() : _fce.Query(queryEmbeddings, supportContext);
    }

    /// <summary>Cosine similarities cos(f(x), g(x_i)) of every query [M, D] with every support embedding [S, D]: [M, S].</summary>
    public static Tensor Similarities(Tensor queries, Tensor support)
    {
        Shapes.Expect(queries, nameof(queries), "[M, D]", null, null);
        Shapes.Expect(support, nameof(support), $"[S, D] with the queries' D = {queries.size(1)}", null, queries.size(1));
        if (support.size(0) == 0) throw new ArgumentException("The support set is empty (K = 0 shots): there is nothing to attend to.", nameof(support));
        using var scope = NewDisposeScope();
        return F.cosine_similarity(queries.unsqueeze(1), support.unsqueeze(0), dim: 2).MoveToOuterDisposeScope();
    }

    /// <summary>a(x, x_i) = softmax over the support set of scale * cos: similarities [M, S] -> attention [M, S] (rows sum to 1).</summary>
    public Tensor Attention(Tensor similarities)
    {
        Shapes.Expect(similarities, nameof(similarities), "[M, S]", null, null);
        using var scaled = similarities * Options.CosineScale;
        return F.softmax(scaled, 1);
    }

    /// <summary>
    /// y^ = sum_i a(x, x_i) y_i with y_i one-hot: attention [M, S] and support labels [S] (int64, every class 0..N-1
    /// present) -> label distribution [M, N].
    /// </summary>
    public static Tensor LabelDistribution(Tensor attention, Tensor supportLabels, int ways)
    {
        Shapes.Expect(attention, nameof(attention), "[M, S]", null, null);
        SupportLabels.Require(supportLabels, ways);
        Shapes.Expect(supportLabels, nameof(supportLabels), $"[S] with the attention's S = {attention.size(1)}", attention.size(1));
        using var scope = NewDisposeScope();
        var oneHot = F.one_hot(supportLabels, ways).to(attention.dtype); // [S, N]
        return attention.mm(oneHot).MoveToOuterDisposeScope();
    }

    /// <summary>The episode loss: mean over queries of -log y^(true class): label distribution [M, N], labels [M] -> scalar.</summary>
    public static Tensor Loss(Tensor labelDistribution, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return PrototypicalNetworks.Loss(LogProbabilities(labelDistribution), labels).MoveToOuterDisposeScope();
    }

    /// <summary>log y^, the logits the learner predicts: label distribution [M, N] -> [M, N] (floored at 1e-12 before the log).</summary>
    public static Tensor LogProbabilities(Tensor labelDistribution)
    {
        Shapes.Expect(labelDistribution, nameof(labelDistribution), "[M, N]", null, null);
        using var floored = labelDistribution.clamp_min(1e-12);
        return floored.log();
    }

    /// <summary>
    /// One episode's attention [N*Q, S] from its embeddings: g(support), f(query) in g's context, scaled-cosine softmax.
    /// </summary>
    public Tensor EpisodeAttention(Tensor supportEmbeddings, Tensor queryEmbeddings)
    {
        using var scope = NewDisposeScope();
        var g = ContextEmbed(supportEmbeddings);
        var f = QueryEmbed(queryEmbeddings, g);
        return Attention(Similarities(f, g)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Label distributions [M, N] of one episode's queries: embeds support [S, 1, 28, 28] and query [M, 1, 28, 28] in
    /// one pass (so batch norm normalises them together in training), then attends.
    /// </summary>
    public Tensor EpisodeDistribution(Tensor supportImages, Tensor supportLabels, Tensor queryImages, int ways)
    {
        EpisodeImages.Require(supportImages, nameof(supportImages), "Matching Networks");
        EpisodeImages.Require(queryImages, nameof(queryImages), "Matching Networks");
        SupportLabels.Require(supportLabels, ways);
        Shapes.Expect(supportLabels, nameof(supportLabels), $"[S] with S = {supportImages.size(0)} support images", supportImages.size(0));
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        return LabelDistribution(EpisodeAttention(support, query), supportLabels, ways).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        using var training = _modules.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var distribution = EpisodeDistribution(batch.SupportImages[t], batch.SupportLabels[t], batch.QueryImages[t], batch.Ways);
            return (Loss(distribution, batch.QueryLabels[t]), distribution);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        EpisodeImages.Require(batch.SupportImages.flatten(0, 1), "support images", "Matching Networks");
        EpisodeImages.Require(batch.QueryImages.flatten(0, 1), "query images", "Matching Networks");
        using var evaluation = _modules.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Evaluation mode: batch norm uses running statistics, so images are embedded in chunks (as ProtoNet does).
        var support = EmbedInChunks(batch.SupportImages.flatten(0, 1)).reshape(batch.Tasks, batch.SupportImages.size(1), -1);
        var query = EmbedInChunks(batch.QueryImages.flatten(0, 1)).reshape(batch.Tasks, batch.QueryImages.size(1), -1);
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
            logits[t] = LogProbabilities(LabelDistribution(EpisodeAttention(support[t], query[t]), batch.SupportLabels[t], batch.Ways));
        return stack(logits).MoveToOuterDisposeScope();
    }

    /// <summary>Embeddings of [M, 1, 28, 28], <paramref name="chunk"/> images at a time (evaluation mode only: see <see cref="Conv4.EmbedInChunks"/>).</summary>
    public Tensor EmbedInChunks(Tensor images, int chunk = 100) => _embedding.EmbedInChunks(images, chunk);

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_modules);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_modules, state, $"{Name}'s networks (Conv4, {Options.Hidden} filters, FCE {(_fce is null ? "off" : "on")})");

    /// <summary>Frees the networks.</summary>
    public void Dispose() => _modules.Dispose();

    /// <summary>"Matching (embedding: Conv4 (64 filters, 64-d), full context embeddings: off (f = g = Conv4), attention: ...)".</summary>
    public override string ToString() => this.Describe();
}
