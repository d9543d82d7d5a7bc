using System.Globalization;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static System.FormattableString;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Model;

/// <summary>
/// Meta Networks (Munkhdalai &amp; Yu 2017), at the course's scale. A base learner classifies an embedding z = u(x)
/// with slow weights W (learned across tasks by the optimizer) and fast weights W* (made for the task); the two
/// branches are summed (layer augmentation): logits = W z + b + W* z. The meta information is the support loss's
/// gradient with respect to the slow weights, one per support example: grad_i = (softmax(W z_i + b) - onehot(y_i)) z_i^T
/// [N, D] (<see cref="MetaInformation"/>, computed in closed form, which is what autograd would give). A learned meta
/// learner g maps each gradient to fast weights, W*_i = g(grad_i) (<see cref="FastWeights"/>), kept in a memory indexed by
/// the support embeddings; a query reads the memory by attention, W*(x) = sum_i a_i(x) W*_i with
/// a(x) = softmax(scale * cos(z, z_i)) (<see cref="QueryLogits"/>).
/// <para>Simplified against the paper: fast weights only in the base learner's output layer (the paper also augments the
/// embedding u with fast weights made from a representation loss, and every base-learner layer); g is one small MLP
/// applied to each gradient entry (the paper: MLPs on preprocessed gradients, per layer); the embedding is the course's
/// Conv4 and the base learner a linear layer on it; one set of slow weights serves every task.</para>
/// </summary>
public sealed class MetaNetworks : IFewShotLearner
{
    private readonly Network _network;

    /// <summary>A new Meta Network with freshly initialised weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public MetaNetworks(MetaNetOptions? options = null, Device? device = null)
    {
        Options = options ?? new MetaNetOptions();
        if (Options.Ways < 2 || Options.Hidden < 1 || Options.MetaHidden < 1 || !(Options.AttentionScale > 0))
            throw new ArgumentOutOfRangeException(nameof(options), Options,
                Invariant($"MetaNet needs Ways >= 2, positive Hidden and MetaHidden, and a positive AttentionScale; got {Options}."));
        _network = new Network(Options);
        Devices.Place(device, _network);
        ParameterGroups = [new ParameterGroup([.. _network.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public MetaNetOptions Options { get; }

    /// <inheritdoc/>
    public string Name => "MetaNet";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["embedding"] = $"Conv4 ({Options.Hidden} filters)",
        ["base learner"] = $"linear {Options.Hidden} -> {Options.Ways}, slow + fast branches summed",
        ["meta learner"] = $"MLP 1 -> {Options.MetaHidden} -> 1 on each gradient entry",
        ["fast-weight memory"] = string.Create(CultureInfo.InvariantCulture, $"one W* per support example, read by softmax({Options.AttentionScale} cos)"),
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>The embedding u: [M, 1, 28, 28] -> [M, D].</summary>
    public Conv4 Embedding => _network.embedding;

    /// <summary>The base learner's slow weights W [N, D] and bias b [N].</summary>
    public Linear SlowWeights => _network.slow;

    /// <summary>Embeddings u(x): images [M, 1, 28, 28] -> [M, D].</summary>
    public Tensor Embed(Tensor images) => _network.embedding.forward(images);

    /// <summary>
    /// The meta information: each support example's loss gradient with respect to the slow weights W,
    /// (softmax(W z_i + b) - onehot(y_i)) z_i^T: support embeddings [S, D], labels [S] -> [S, N, D].
    /// </summary>
    public Tensor MetaInformation(Tensor supportEmbeddings, Tensor supportLabels)
    {
        Shapes.Expect(supportEmbeddings, nameof(supportEmbeddings), Invariant($"[S, D] with D = {Options.Hidden}"), null, Options.Hidden);
        Shapes.Expect(supportLabels, nameof(supportLabels), Invariant($"[S] with S = {supportEmbeddings.size(0)} support examples"), supportEmbeddings.size(0));
        Shapes.ExpectDtype(supportLabels, nameof(supportLabels), ScalarType.Int64);
        CheckLabels(supportLabels);
        using var scope = NewDisposeScope();
        var p = F.softmax(_network.slow.forward(supportEmbeddings), 1);
        var error = p - F.one_hot(supportLabels, Options.Ways).to(p.dtype);   // dL/dlogits, [S, N]
        return (error.unsqueeze(2) * supportEmbeddings.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>The meta learner: fast weights W*_i = g(grad_i), g applied to every entry: [S, N, D] -> [S, N, D].</summary>
    public Tensor FastWeights(Tensor metaInformation)
    {
        Shapes.Expect(metaInformation, nameof(metaInformation), Invariant($"[S, N, D] with N = {Options.Ways}, D = {Options.Hidden}"), null, Options.Ways, Options.Hidden);
        using var scope = NewDisposeScope();
        var entries = metaInformation.reshape(-1, 1);
        return _network.meta.forward(entries).reshape(metaInformation.shape).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Query logits with both branches: slow W z + b plus fast sum_i a_i(z) W*_i z, a(z) = softmax(scale * cos(z, z_i)):
    /// query embeddings [M, D], support embeddings [S, D], fast weights [S, N, D] -> [M, N]. With
    /// <paramref name="slowOnly"/> or <paramref name="fastOnly"/>, one branch alone (for comparisons).
    /// </summary>
    public Tensor QueryLogits(Tensor queryEmbeddings, Tensor supportEmbeddings, Tensor fastWeights, bool slowOnly = false, bool fastOnly = false)
    {
        Shapes.Expect(queryEmbeddings, nameof(queryEmbeddings), Invariant($"[M, D] with D = {Options.Hidden}"), null, Options.Hidden);
        Shapes.Expect(supportEmbeddings, nameof(supportEmbeddings), Invariant($"[S, D] with D = {Options.Hidden}"), null, Options.Hidden);
        Shapes.Expect(fastWeights, nameof(fastWeights), Invariant($"[S, N, D] with the support's S = {supportEmbeddings.size(0)}"), supportEmbeddings.size(0), Options.Ways, Options.Hidden);
        using var scope = NewDisposeScope();
        var slow = _network.slow.forward(queryEmbeddings);
        var attention = F.softmax(Options.AttentionScale * F.cosine_similarity(queryEmbeddings.unsqueeze(1), supportEmbeddings.unsqueeze(0), dim: 2), 1);   // [M, S]
        var perExample = einsum("snd,md->msn", fastWeights, queryEmbeddings);                                                                             // W*_i z for every i: [M, S, N]
        var fast = (attention.unsqueeze(2) * perExample).sum([1]);
        var logits = slowOnly ? slow : fastOnly ? fast : slow + fast;
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Query logits [N*Q, N] of one episode: embed, meta information from the support set, fast weights, both branches.</summary>
    public Tensor EpisodeLogits(Tensor supportImages, Tensor supportLabels, Tensor queryImages)
    {
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        var fast = FastWeights(MetaInformation(support, supportLabels));
        return QueryLogits(query, support, fast).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        HeadWays.Require(batch, Options.Ways, Name, nameof(MetaNetOptions));
        using var training = _network.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var logits = EpisodeLogits(batch.SupportImages[t], batch.SupportLabels[t], batch.QueryImages[t]);
            return (F.cross_entropy(logits, batch.QueryLabels[t]), logits);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        HeadWays.Require(batch, Options.Ways, Name, nameof(MetaNetOptions));
        using var evaluation = _network.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
            logits[t] = EpisodeLogits(batch.SupportImages[t], batch.SupportLabels[t], batch.QueryImages[t]);
        return stack(logits).MoveToOuterDisposeScope();
    }

    private void CheckLabels(Tensor labels)
    {
        if (labels.numel() == 0) return;
        var (min, max) = (labels.min().ToInt64(), labels.max().ToInt64());
        if (min < 0 || max >= Options.Ways)
            throw new ArgumentException(Invariant($"Support labels run from {min} to {max}, but MetaNet's base learner has {Options.Ways} classes (labels 0..{Options.Ways - 1})."), nameof(labels));
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_network);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_network, state, $"{Name}'s networks (Conv4 {Options.Hidden}, {Options.Ways}-way base learner, meta learner {Options.MetaHidden})");

    /// <summary>Frees the networks.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>"MetaNet (embedding: ..., base learner: ..., meta learner: ..., fast-weight memory: ...)".</summary>
    public override string ToString() => this.Describe();

    private sealed class Network : nn.Module
    {
#pragma warning disable IDE1006 // lower-case: TorchSharp registers modules by field name, as PyTorch's attribute names
        public readonly Conv4 embedding;
        public readonly Linear slow;
        public readonly Mlp meta;
#pragma warning restore IDE1006

        public Network(MetaNetOptions o) : base("MetaNet")
        {
            embedding = new Conv4(hidden: o.Hidden);
            slow = nn.Linear(o.Hidden, o.Ways);
            meta = new Mlp(1, [o.MetaHidden], 1);
            RegisterComponents();
        }
    }
}
