using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// Prototypical Networks (Snell, Swersky &amp; Zemel 2017). A Conv4 embeds every image; each class's prototype is the
/// mean embedding of its K support images; a query's logits are its negative distances to the N prototypes, and
/// the loss is the negative log-softmax of the true class. The steps are public and small, so that a notebook can
/// re-derive the loss by hand and compare: <see cref="Embed"/> -> <see cref="Prototypes"/> -> <see cref="Distances"/>
/// -> <see cref="LogProbabilities"/> -> <see cref="Loss"/>. Trained with higher-way episodes than tested (the paper:
/// 60-way training, 5- and 20-way testing); nothing is adapted at test time beyond computing prototypes.
/// </summary>
public sealed class PrototypicalNetworks : IFewShotLearner
{
    private readonly Conv4 _embedding;

    /// <summary>A new ProtoNet with freshly initialised Conv4 weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public PrototypicalNetworks(ProtoNetOptions? options = null, Device? device = null)
    {
        Options = options ?? new ProtoNetOptions();
        if (Options.Hidden <= 0) throw new ArgumentOutOfRangeException(nameof(options), Options.Hidden, "ProtoNet needs a positive embedding size (Hidden).");
        _embedding = new Conv4(hidden: Options.Hidden);
        Devices.Place(device, _embedding);
        ParameterGroups = [new ParameterGroup([.. _embedding.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public ProtoNetOptions Options { get; }

    /// <summary>The embedding network f_phi: [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Conv4 Embedding => _embedding;

    /// <inheritdoc/>
    public string Name => "ProtoNet";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["embedding"] = $"Conv4 ({Options.Hidden} filters, {Options.Hidden}-d)",
        ["distance"] = Options.Distance == ProtoDistance.SquaredEuclidean
            ? "squared Euclidean"
            : string.Create(CultureInfo.InvariantCulture, $"cosine (scale {Options.CosineScale})"),
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Embeddings f_phi(x): images [M, C, H, W] -> [M, D].</summary>
    public Tensor Embed(Tensor images) => _embedding.forward(images);

    /// <summary>
    /// Class prototypes c_k = mean of the support embeddings of class k: [N*K, D] (label-major, as episodes are)
    /// -> [N, D].
    /// </summary>
    public static Tensor Prototypes(Tensor supportEmbeddings, int ways, int shots)
    {
        Shapes.Expect(supportEmbeddings, nameof(supportEmbeddings), $"[N*K, D] with N*K = {ways}*{shots}", (long)ways * shots, null);
        using var grouped = supportEmbeddings.reshape(ways, shots, -1);
        return grouped.mean([1]);
    }

    /// <summary>
    /// Distances d(z_i, c_k) between every query embedding [M, D] and every prototype [N, D]: [M, N].
    /// Squared Euclidean: sum over D of (z - c)^2; cosine: scale * (1 - cos(z, c)).
    /// </summary>
    public Tensor Distances(Tensor queryEmbeddings, Tensor prototypes)
    {
        Shapes.Expect(queryEmbeddings, nameof(queryEmbeddings), "[M, D]", null, null);
        Shapes.Expect(prototypes, nameof(prototypes), $"[N, D] with the queries' D = {queryEmbeddings.size(1)}", null, queryEmbeddings.size(1));
        using var scope = NewDisposeScope();
        var z = queryEmbeddings.unsqueeze(1);
        var c = prototypes.unsqueeze(0);
        var d = Options.Distance == ProtoDistance.SquaredEuclidean
            ? (z - c).pow(2L).sum(2)
            : (1.0 - F.cosine_similarity(z, c, dim: 2)) * Options.CosineScale;
        return d.MoveToOuterDisposeScope();
    }

    /// <summary>log p(y = k | x) = log_softmax(-d(z, c_k)) over the N classes: distances [M, N] -> [M, N].</summary>
    public static Tensor LogProbabilities(Tensor distances)
    {
        Shapes.Expect(distances, nameof(distances), "[M, N]", null, null);
        using var negative = -distances;
        return F.log_softmax(negative, 1);
    }

    /// <summary>The episode loss: mean over queries of -log p(true class): log-probabilities [M, N], labels [M] -> scalar.</summary>
    public static Tensor Loss(Tensor logProbabilities, Tensor labels)
    {
        Shapes.Expect(logProbabilities, nameof(logProbabilities), "[M, N]", null, null);
        Shapes.Expect(labels, nameof(labels), $"[M] with M = {logProbabilities.size(0)} queries", logProbabilities.size(0));
        Shapes.ExpectDtype(labels, nameof(labels), ScalarType.Int64);
        return F.nll_loss(logProbabilities, labels);
    }

    /// <summary>Query distances [N*Q, N] of one episode: embeds support and query in one pass (as the paper's code does).</summary>
    public Tensor EpisodeDistances(Tensor supportImages, Tensor queryImages, int ways, int shots)
    {
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        return Distances(query, Prototypes(support, ways, shots)).MoveToOuterDisposeScope();
    }

    /// <summary>Embeddings of [M, 1, 28, 28], <paramref name="chunk"/> images at a time (evaluation mode only: see <see cref="Conv4.EmbedInChunks"/>).</summary>
    public Tensor EmbedInChunks(Tensor images, int chunk = 100) => _embedding.EmbedInChunks(images, chunk);

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        using var training = _embedding.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var distances = EpisodeDistances(batch.SupportImages[t], batch.QueryImages[t], batch.Ways, batch.Shots);
            return (Loss(LogProbabilities(distances), batch.QueryLabels[t]), -distances);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        using var evaluation = _embedding.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // In evaluation mode batch norm uses its running statistics, so every image is embedded on its own and the
        // batch can be cut into chunks: small activations stay in the allocator's pool instead of being mapped and
        // unmapped at every layer (which made 20-way evaluation several times slower).
        var support = EmbedInChunks(batch.SupportImages.flatten(0, 1)).reshape(batch.Tasks, batch.Ways * batch.Shots, -1);
        var query = EmbedInChunks(batch.QueryImages.flatten(0, 1)).reshape(batch.Tasks, batch.Ways * batch.Queries, -1);
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
            logits[t] = -Distances(query[t], Prototypes(support[t], batch.Ways, batch.Shots));
        return stack(logits).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_embedding);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) => StateDict.Load(_embedding, state, $"{Name}'s embedding (Conv4, {Options.Hidden} filters)");

    /// <summary>Frees the network.</summary>
    public void Dispose() => _embedding.Dispose();

    /// <summary>"ProtoNet (embedding: Conv4 (64 filters, 64-d), distance: squared Euclidean)".</summary>
    public override string ToString() => this.Describe();
}
