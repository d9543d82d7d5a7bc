using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// Few-shot learning with graph neural networks (Garcia &amp; Bruna 2018). Every image is a node: its Conv4 embedding
/// concatenated with its one-hot label (the query: the uniform vector 1/N). Each hidden <see cref="GraphLayer"/>
/// learns an adjacency from the nodes' differences, A_ij = softmax_j(MLP(|x_i - x_j|)), convolves ([x, A x], linear,
/// leaky ReLU) and concatenates the new features to the node's; the output layer's value at the query node is the
/// query's N class logits; the loss is their cross-entropy.
/// <para>Each query is its own graph with the episode's support nodes (the paper's setting: a graph of N*K + 1 nodes,
/// the query node first), so a query's prediction never depends on the other queries (not transductive). The graphs
/// of one episode run as one batch [N*Q, N*K + 1, F]; the support embeddings are computed once per episode.</para>
/// Steps for the notebook: <see cref="Embed"/> -> <see cref="Nodes"/> -> each layer's <see cref="GraphLayer.Adjacency"/>
/// and <see cref="GraphLayer.Convolve"/> -> <see cref="Logits"/>. Like the gradient-based methods' heads, the label
/// part and the output have N entries, fixed when the network is built (<see cref="GnnOptions.Ways"/>).
/// </summary>
public sealed class GraphNeuralNetworks : IFewShotLearner
{
    private readonly NamedModules _modules;
    private readonly Conv4 _embedding;
    private readonly ModuleList<GraphLayer> _layers = new();

    /// <summary>A new GNN with freshly initialised weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public GraphNeuralNetworks(GnnOptions? options = null, Device? device = null)
    {
        Options = options ?? new GnnOptions();
        if (Options.Ways < 2) throw new ArgumentOutOfRangeException(nameof(options), Options.Ways, "A GNN needs at least 2 classes (Ways).");
        if (Options.Hidden <= 0 || Options.NodeFeatures <= 0 || Options.AdjacencyFeatures <= 0 || Options.Layers < 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options, "GNN sizes must be positive (Hidden, NodeFeatures, AdjacencyFeatures) and Layers 0 or more.");
        _embedding = new Conv4(hidden: Options.Hidden);
        var features = Options.Hidden + Options.Ways;
        for (var i = 0; i < Options.Layers; i++)
        {
            _layers.Add(new GraphLayer(features, Options.NodeFeatures, Options.AdjacencyFeatures, hidden: true));
            features += Options.NodeFeatures;
        }
        _layers.Add(new GraphLayer(features, Options.Ways, Options.AdjacencyFeatures, hidden: false));
        _modules = new NamedModules(("embedding", _embedding), ("layers", _layers));
        Devices.Place(device, _modules);
        ParameterGroups = [new ParameterGroup([.. _modules.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public GnnOptions Options { get; }

    /// <summary>The image embedding phi (Conv4): [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Conv4 Embedding => _embedding;

    /// <summary>The graph layers, the output layer last.</summary>
    public IReadOnlyList<GraphLayer> Layers => [.. _layers];

    /// <inheritdoc/>
    public string Name => "GNN";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["embedding"] = $"Conv4 ({Options.Hidden} filters, {Options.Hidden}-d)",
        ["graph"] = $"{Options.Ways}-way: one graph per query (support nodes + the query), {Options.Layers} dense layer(s) of {Options.NodeFeatures} features, then the {Options.Ways}-logit output layer",
        ["adjacency"] = $"softmax of MLP(|x_i - x_j|), widths {2 * Options.AdjacencyFeatures}-{2 * Options.AdjacencyFeatures}-{Options.AdjacencyFeatures}-{Options.AdjacencyFeatures}-1",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Embeddings phi(x): images [M, 1, 28, 28] -> [M, D].</summary>
    public Tensor Embed(Tensor images)
    {
        EpisodeImages.Require(images, nameof(images), "The GNN");
        return _embedding.forward(images);
    }

    /// <summary>
    /// The initial nodes of one graph per query: [phi(x), one-hot label] for the S support images and
    /// [phi(query), 1/N ... 1/N] for the query (node 0). Support [S, D] with labels [S] (every class 0..N-1 present)
    /// and queries [M, D] -> [M, 1 + S, D + N].
    /// </summary>
    public static Tensor Nodes(Tensor supportEmbeddings, Tensor supportLabels, Tensor queryEmbeddings, int ways)
    {
        Shapes.Expect(supportEmbeddings, nameof(supportEmbeddings), "[S, D]", null, null);
        Shapes.Expect(queryEmbeddings, nameof(queryEmbeddings), $"[M, D] with the support's D = {supportEmbeddings.size(1)}", null, supportEmbeddings.size(1));
        SupportLabels.Require(supportLabels, ways);
        Shapes.Expect(supportLabels, nameof(supportLabels), $"[S] with S = {supportEmbeddings.size(0)} support embeddings", supportEmbeddings.size(0));
        using var scope = NewDisposeScope();
        var (m, s) = (queryEmbeddings.size(0), supportEmbeddings.size(0));
        var support = cat([supportEmbeddings, F.one_hot(supportLabels, ways).to(supportEmbeddings.dtype)], 1);                      // [S, D + N]
        var query = cat([queryEmbeddings, full(m, ways, 1.0 / ways, dtype: queryEmbeddings.dtype, device: queryEmbeddings.device)], 1); // [M, D + N]
        var nodes = cat([query.unsqueeze(1), support.unsqueeze(0).expand(m, s, -1)], 1);                                            // [M, 1 + S, D + N]
        return nodes.MoveToOuterDisposeScope();
    }

    /// <summary>Runs every graph layer on nodes [B, V, D + N] and returns the query node's (node 0's) N logits: [B, N].</summary>
    public Tensor Logits(Tensor nodes)
    {
        Shapes.Expect(nodes, nameof(nodes), $"[B, V, D + N] with D + N = {Options.Hidden + Options.Ways}", null, null, Options.Hidden + Options.Ways);
        using var scope = NewDisposeScope();
        var x = nodes;
        foreach (var layer in _layers) x = layer.forward(x);
        return x.select(1, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Query logits [M, N] of one episode: embeds support [S, 1, 28, 28] and query [M, 1, 28, 28] in one pass (so batch
    /// norm normalises them together in training), builds one graph per query and runs the network.
    /// </summary>
    public Tensor EpisodeLogits(Tensor supportImages, Tensor supportLabels, Tensor queryImages)
    {
        EpisodeImages.Require(supportImages, nameof(supportImages), "The GNN");
        EpisodeImages.Require(queryImages, nameof(queryImages), "The GNN");
        SupportLabels.Require(supportLabels, Options.Ways);
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        return Logits(Nodes(support, supportLabels, query, Options.Ways)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        CheckWays(batch);
        using var training = _modules.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var logits = EpisodeLogits(batch.SupportImages[t], batch.SupportLabels[t], batch.QueryImages[t]);
            return (F.cross_entropy(logits, batch.QueryLabels[t]), logits);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        CheckWays(batch);
        EpisodeImages.Require(batch.SupportImages.flatten(0, 1), "support images", "The GNN");
        EpisodeImages.Require(batch.QueryImages.flatten(0, 1), "query images", "The GNN");
        using var evaluation = _modules.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var support = EmbedInChunks(batch.SupportImages.flatten(0, 1)).reshape(batch.Tasks, batch.SupportImages.size(1), -1);
        var query = EmbedInChunks(batch.QueryImages.flatten(0, 1)).reshape(batch.Tasks, batch.QueryImages.size(1), -1);
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
            logits[t] = Logits(Nodes(support[t], batch.SupportLabels[t], query[t], Options.Ways));
        return stack(logits).MoveToOuterDisposeScope();
    }

    /// <summary>Embeddings of [M, 1, 28, 28], <paramref name="chunk"/> images at a time (evaluation mode only: see <see cref="Conv4.EmbedInChunks"/>).</summary>
    public Tensor EmbedInChunks(Tensor images, int chunk = 100) => _embedding.EmbedInChunks(images, chunk);

    private void CheckWays(TaskBatch batch) => HeadWays.Require(batch, Options.Ways, Name, nameof(GnnOptions));

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_modules);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_modules, state, $"{Name}'s networks ({Options.Ways}-way, Conv4 {Options.Hidden} filters, {Options.Layers} + 1 graph layers)");

    /// <summary>Frees the networks.</summary>
    public void Dispose() => _modules.Dispose();

    /// <summary>"GNN (embedding: ..., graph: ..., adjacency: ...)".</summary>
    public override string ToString() => this.Describe();
}
