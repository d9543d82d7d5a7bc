using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// Siamese networks for one-shot recognition (Koch, Zemel &amp; Salakhutdinov 2015). Twin networks sharing one set of
/// weights embed two images; a learned linear layer over the component-wise L1 distance |h1 - h2| and a sigmoid give
/// p(same class). Training is verification: binary cross-entropy on pairs of a training episode's images, as many
/// same-class as different-class pairs, drawn as a pure function of the episode's key. One-shot classification compares
/// a query with every support image: its logit for class k is the mean over class k's K support images of
/// log p(same). Koch's twin is a 4-layer network for 105x105 images ending in a 4096-d layer; here the course's Conv4
/// at 28x28 (a 64-d embedding). Public steps for a notebook: <see cref="Embed"/> -> <see cref="SamplePairs"/> ->
/// <see cref="PairLogits"/> -> <see cref="Loss"/> (training), and <see cref="PairScores"/> -> <see cref="ClassLogits"/>
/// (classification).
/// </summary>
public sealed class SiameseNetworks : IFewShotLearner
{
    /// <summary>The image side the Conv4 twin is built for.</summary>
    public const int ImageSize = 28;

    private const ulong PairStream = 0x51A3E5E;
    private readonly Conv4 _embedding;
    private readonly Linear _head;
    private readonly NamedModules _network;

    /// <summary>A new Siamese network with fresh weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public SiameseNetworks(SiameseOptions? options = null, Device? device = null)
    {
        Options = options ?? new SiameseOptions();
        if (Options.Hidden <= 0) throw new ArgumentOutOfRangeException(nameof(options), Options.Hidden, "Siamese needs a positive embedding size (Hidden).");
        if (Options.PairsPerImage <= 0) throw new ArgumentOutOfRangeException(nameof(options), Options.PairsPerImage, "Siamese needs at least one pair per image (PairsPerImage).");
        _embedding = new Conv4(hidden: Options.Hidden);
        _head = nn.Linear(Options.Hidden, 1);
        _network = new NamedModules(("embedding", _embedding), ("head", _head));
        Devices.Place(device, _network);
        ParameterGroups = [new ParameterGroup([.. _network.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public SiameseOptions Options { get; }

    /// <summary>The shared twin f: [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Conv4 Embedding => _embedding;

    /// <summary>The linear layer over |h1 - h2| (weights alpha_j of the paper, and a bias): [.., Hidden] -> [.., 1].</summary>
    public Linear Head => _head;

    /// <inheritdoc/>
    public string Name => "Siamese";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["twin"] = $"Conv4 ({Options.Hidden} filters, {Options.Hidden}-d) at 28x28, shared weights",
        ["similarity"] = "sigmoid(w . |h1 - h2| + b)",
        ["training"] = $"binary cross-entropy on {Options.PairsPerImage} same + {Options.PairsPerImage} different pair(s) per image",
        ["classification"] = "mean log p(same) over each class's support images",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Embeddings h = f(x): images [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Tensor Embed(Tensor images) => _embedding.forward(images);

    /// <summary>
    /// Verification pairs among one episode's images with these <paramref name="labels"/>: for each image i, in order,
    /// <paramref name="pairsPerImage"/> partners of its class (never itself) and as many of other classes, drawn
    /// uniformly by <paramref name="random"/>. Returns row indices (Left, Right) and targets Same (1 same class, 0 not),
    /// balanced: an image without a same-class partner gets no pairs. A pure function of the labels and the generator.
    /// </summary>
    public static (long[] Left, long[] Right, float[] Same) SamplePairs(IReadOnlyList<long> labels, SplitMix64 random, int pairsPerImage = 1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(random);
        if (pairsPerImage <= 0) throw new ArgumentOutOfRangeException(nameof(pairsPerImage), pairsPerImage, "SamplePairs needs at least one pair per image.");
        var byLabel = labels.Select((label, i) => (label, i)).GroupBy(x => x.label).ToDictionary(g => g.Key, g => g.Select(x => (long)x.i).ToArray());
        var left = new List<long>();
        var right = new List<long>();
        var same = new List<float>();
        for (var i = 0; i < labels.Count; i++)
        {
            var mates = byLabel[labels[i]].Where(j => j != i).ToArray();
            var others = Enumerable.Range(0, labels.Count).Where(j => labels[j] != labels[i]).Select(j => (long)j).ToArray();
            if (mates.Length == 0 || others.Length == 0) continue;
            for (var p = 0; p < pairsPerImage; p++)
            {
                left.Add(i); right.Add(mates[random.NextInt(mates.Length)]); same.Add(1);
                left.Add(i); right.Add(others[random.NextInt(others.Length)]); same.Add(0);
            }
        }
        return (left.ToArray(), right.ToArray(), same.ToArray());
    }

    /// <summary>The generator of an episode's training pairs: a pure function of its key.</summary>
    public static SplitMix64 PairRandom(EpisodeKey key) => SplitMix64.ForKey(key.Seed, key.Index, PairStream);

    /// <summary>Logits of p(same) for aligned pairs: w . |left - right| + b, embeddings [P, D] and [P, D] -> [P].</summary>
    public Tensor PairLogits(Tensor left, Tensor right)
    {
        Shapes.Expect(left, nameof(left), $"[P, D] with D = {Options.Hidden}", null, Options.Hidden);
        Shapes.Expect(right, nameof(right), $"[P, D] with the left side's P = {left.size(0)} and D = {Options.Hidden}", left.size(0), Options.Hidden);
        using var scope = NewDisposeScope();
        return _head.forward((left - right).abs()).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The grid of pair logits between every query and every support image: embeddings [M, D] and [S, D] -> [M, S]
    /// (sigmoid of an entry is p(same)).
    /// </summary>
    public Tensor PairScores(Tensor queryEmbeddings, Tensor supportEmbeddings)
    {
        Shapes.Expect(queryEmbeddings, nameof(queryEmbeddings), $"[M, D] with D = {Options.Hidden}", null, Options.Hidden);
        Shapes.Expect(supportEmbeddings, nameof(supportEmbeddings), $"[S, D] with D = {Options.Hidden}", null, Options.Hidden);
        using var scope = NewDisposeScope();
        var l1 = (queryEmbeddings.unsqueeze(1) - supportEmbeddings.unsqueeze(0)).abs();   // [M, S, D]
        return _head.forward(l1).squeeze(2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Class logits from the pair grid: query k's logit for class c is the mean over c's K support images of
    /// log sigmoid(score). Pair logits [M, N*K] (support label-major) -> [M, N].
    /// </summary>
    public static Tensor ClassLogits(Tensor pairScores, int ways, int shots)
    {
        Shapes.Expect(pairScores, nameof(pairScores), $"[M, N*K] with N*K = {ways}*{shots}", null, (long)ways * shots);
        using var scope = NewDisposeScope();
        return F.logsigmoid(pairScores).reshape(pairScores.size(0), ways, shots).mean([2]).MoveToOuterDisposeScope();
    }

    /// <summary>Binary cross-entropy of pair logits [P] against targets [P] (1 same, 0 different) -> scalar.</summary>
    public static Tensor Loss(Tensor pairLogits, Tensor same)
    {
        Shapes.Expect(pairLogits, nameof(pairLogits), "[P]", (long?)null);
        Shapes.Expect(same, nameof(same), $"[P] with P = {pairLogits.size(0)} pairs", pairLogits.size(0));
        Shapes.ExpectDtype(same, nameof(same), ScalarType.Float32);
        return F.binary_cross_entropy_with_logits(pairLogits, same);
    }

    /// <summary>One task's training loss and its embeddings: pairs among support and query images together (one pass, as batch norm sees them).</summary>
    public (Tensor Loss, Tensor SupportEmbeddings, Tensor QueryEmbeddings) EpisodeLoss(Tensor supportImages, Tensor supportLabels, Tensor queryImages, Tensor queryLabels, EpisodeKey key)
    {
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var labels = cat([supportLabels, queryLabels]).cpu().data<long>().ToArray();
        var (left, right, same) = SamplePairs(labels, PairRandom(key), Options.PairsPerImage);
        if (left.Length == 0) throw new ArgumentException("Siamese found no verification pair in this episode: it needs two images of one class and one of another.", nameof(supportImages));
        var logits = PairLogits(all.index_select(0, tensor(left, device: all.device)), all.index_select(0, tensor(right, device: all.device)));
        var loss = Loss(logits, tensor(same, device: all.device));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        return (loss.MoveToOuterDisposeScope(), support.MoveToOuterDisposeScope(), query.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        MetricEpisodeChecks.Require(batch, Name, ImageSize);
        using var training = _network.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var (taskLoss, support, query) = EpisodeLoss(batch.SupportImages[t], batch.SupportLabels[t], batch.QueryImages[t], batch.QueryLabels[t], batch.Episodes[t].Key);
            using var noGrad = no_grad();
            return (taskLoss, ClassLogits(PairScores(query, support), batch.Ways, batch.Shots));
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        MetricEpisodeChecks.Require(batch, Name, ImageSize);
        // Each part's mode is set and restored on its own: a scope on the container would restore the container's mode
        // into every part (a caller who put only the twin in eval mode would find it back in training mode).
        using var embeddingMode = _embedding.EvaluationMode();
        using var headMode = _head.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Evaluation mode: batch norm uses running statistics, so images embed one by one and chunks are exact.
        var support = EmbedInChunks(batch.SupportImages.flatten(0, 1)).reshape(batch.Tasks, batch.Ways * batch.Shots, -1);
        var query = EmbedInChunks(batch.QueryImages.flatten(0, 1)).reshape(batch.Tasks, batch.Ways * batch.Queries, -1);
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
            logits[t] = ClassLogits(PairScores(query[t], support[t]), batch.Ways, batch.Shots);
        return stack(logits).MoveToOuterDisposeScope();
    }

    private Tensor EmbedInChunks(Tensor images, int chunk = 100) => _embedding.EmbedInChunks(images, chunk);

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_network);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_network, state, $"{Name}'s network (Conv4 twin with {Options.Hidden} filters, linear head)");

    /// <summary>Frees the network.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>"Siamese (twin: Conv4 (64 filters, 64-d) at 28x28, shared weights, ...)".</summary>
    public override string ToString() => this.Describe();
}
