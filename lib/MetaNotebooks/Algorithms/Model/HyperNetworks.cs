using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Model;

/// <summary>
/// A hypernetwork few-shot learner (after Ha, Dai &amp; Le 2017's hypernetworks and the weight generators of
/// Qiao et al. 2018 and Gidaris &amp; Komodakis 2018): a task encoder summarises the support set, one vector per class (the
/// mean Conv4 embedding c_k of its K images, <see cref="ClassSummaries"/>); a hypernetwork, an MLP shared by all
/// classes, maps each summary to that class's row of a linear head, (w_k, b_k) = h(c_k) (<see cref="GenerateHead"/>);
/// the generated head labels the queries, logits_k(x) = w_k . f(x) + b_k (<see cref="Logits"/>). Everything is trained
/// end to end on episodes; nothing is fitted at test time. ProtoNet is the special case h(c) = (2c, -|c|^2), a fixed
/// generator instead of a learned one. Works for any N, since the head has one generated row per class.
/// </summary>
public sealed class HyperNetworks : IFewShotLearner
{
    private readonly Conv4 _encoder;
    private readonly Mlp _hypernetwork;

    /// <summary>A new hypernetwork learner with freshly initialised weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public HyperNetworks(HyperNetOptions? options = null, Device? device = null)
    {
        Options = options ?? new HyperNetOptions();
        if (Options.Hidden < 1 || Options.HyperHidden < 1)
            throw new ArgumentOutOfRangeException(nameof(options), Options, Invariant($"HyperNet needs positive sizes: Hidden {Options.Hidden}, HyperHidden {Options.HyperHidden}."));
        _encoder = new Conv4(hidden: Options.Hidden);
        _hypernetwork = new Mlp(Options.Hidden, [Options.HyperHidden], Options.Hidden + 1);
        Devices.Place(device, _encoder, _hypernetwork);
        ParameterGroups = [new ParameterGroup([.. _encoder.parameters(), .. _hypernetwork.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public HyperNetOptions Options { get; }

    /// <summary>The task encoder's embedding f: [M, 1, 28, 28] -> [M, D].</summary>
    public Conv4 Encoder => _encoder;

    /// <summary>The hypernetwork h: class summaries [N, D] -> head rows [N, D + 1].</summary>
    public Mlp Hypernetwork => _hypernetwork;

    /// <inheritdoc/>
    public string Name => "HyperNet";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["task encoder"] = $"Conv4 ({Options.Hidden} filters), class mean",
        ["hypernetwork"] = $"MLP {Options.Hidden} -> {Options.HyperHidden} -> {Options.Hidden + 1} per class (weights, bias)",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>Embeddings f(x): images [M, 1, 28, 28] -> [M, D].</summary>
    public Tensor Embed(Tensor images) => _encoder.forward(images);

    /// <summary>The task encoding: one summary per class, the mean of its support embeddings: [N*K, D] (label-major) -> [N, D].</summary>
    public static Tensor ClassSummaries(Tensor supportEmbeddings, int ways, int shots)
    {
        if (ways < 1 || shots < 1) throw new ArgumentOutOfRangeException(nameof(ways), Invariant($"An episode has at least one class and one shot: ways {ways}, shots {shots}."));
        if (supportEmbeddings.dim() == 2 && supportEmbeddings.size(0) < (long)ways * shots)
            throw new ArgumentException(
                Invariant($"The support set has {supportEmbeddings.size(0)} embeddings, fewer than N*K = {ways}*{shots} = {ways * shots}: every one of the N classes needs its K support images (label-major)."),
                nameof(supportEmbeddings));
        return PrototypicalNetworks.Prototypes(supportEmbeddings, ways, shots);
    }

    /// <summary>The generated head: summaries [N, D] -> weights [N, D] and bias [N] (row k from h(c_k)).</summary>
    public (Tensor Weights, Tensor Bias) GenerateHead(Tensor summaries)
    {
        Shapes.Expect(summaries, nameof(summaries), Invariant($"[N, D] with D = {Options.Hidden}"), null, Options.Hidden);
        using var scope = NewDisposeScope();
        var rows = _hypernetwork.forward(summaries);
        return (rows.narrow(1, 0, Options.Hidden).MoveToOuterDisposeScope(), rows.select(1, Options.Hidden).MoveToOuterDisposeScope());
    }

    /// <summary>Logits of the generated linear head: query embeddings [M, D], weights [N, D], bias [N] -> [M, N].</summary>
    public static Tensor Logits(Tensor queryEmbeddings, Tensor weights, Tensor bias)
    {
        Shapes.Expect(queryEmbeddings, nameof(queryEmbeddings), "[M, D]", null, null);
        Shapes.Expect(weights, nameof(weights), Invariant($"[N, D] with the queries' D = {queryEmbeddings.size(1)}"), null, queryEmbeddings.size(1));
        Shapes.Expect(bias, nameof(bias), Invariant($"[N] with the weights' N = {weights.size(0)}"), weights.size(0));
        return F.linear(queryEmbeddings, weights, bias);
    }

    /// <summary>Query logits [N*Q, N] of one episode: support and query embedded in one pass, head generated from the support.</summary>
    public Tensor EpisodeLogits(Tensor supportImages, Tensor queryImages, int ways, int shots)
    {
        using var scope = NewDisposeScope();
        var all = Embed(cat([supportImages, queryImages]));
        var support = all.narrow(0, 0, supportImages.size(0));
        var query = all.narrow(0, supportImages.size(0), queryImages.size(0));
        var (w, b) = GenerateHead(ClassSummaries(support, ways, shots));
        return Logits(query, w, b).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        using var training = _encoder.TrainingMode();
        return EpisodicStep.Run(batch, t =>
        {
            var logits = EpisodeLogits(batch.SupportImages[t], batch.QueryImages[t], batch.Ways, batch.Shots);
            return (F.cross_entropy(logits, batch.QueryLabels[t]), logits);
        });
    }

    /// <inheritdoc/>
    public Tensor Predict(TaskBatch batch)
    {
        using var evaluation = _encoder.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = new Tensor[batch.Tasks];
        for (var t = 0; t < batch.Tasks; t++)
            logits[t] = EpisodeLogits(batch.SupportImages[t], batch.QueryImages[t], batch.Ways, batch.Shots);
        return stack(logits).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict()
    {
        var state = StateDict.Of(_encoder, "encoder.");
        foreach (var (k, v) in StateDict.Of(_hypernetwork, "hypernetwork.")) state[k] = v;
        return state;
    }

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var known = state.Keys.Where(k => !k.StartsWith("encoder.", StringComparison.Ordinal) && !k.StartsWith("hypernetwork.", StringComparison.Ordinal)).ToList();
        if (known.Count > 0)
            throw new ArgumentException($"This state does not fit {Name}: unexpected {string.Join(", ", known.Take(5))}{(known.Count > 5 ? ", ..." : "")} (HyperNet's entries start with encoder. or hypernetwork.). Was it saved by another method?", nameof(state));
        StateDict.Load(_encoder, StateDict.Part(state, "encoder."), $"{Name}'s task encoder (Conv4, {Options.Hidden} filters)");
        StateDict.Load(_hypernetwork, StateDict.Part(state, "hypernetwork."), $"{Name}'s hypernetwork ({_hypernetwork})");
    }

    /// <summary>Frees the networks.</summary>
    public void Dispose()
    {
        _encoder.Dispose();
        _hypernetwork.Dispose();
    }

    /// <summary>"HyperNet (task encoder: ..., hypernetwork: ...)".</summary>
    public override string ToString() => this.Describe();
}
