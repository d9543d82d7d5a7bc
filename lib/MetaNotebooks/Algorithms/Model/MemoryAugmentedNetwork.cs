using System.Globalization;
using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Algorithms.Model.Memory;
using MetaNotebooks.Data;
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
/// A memory-augmented neural network with least-recently-used access (MANN; Santoro, Bartunov, Botvinick, Wierstra &amp;
/// Lillicrap 2016). An LSTM controller reads a sequence: at step t it gets [embedding of image x_t, one-hot of the
/// label y_{t-1}] (the label of an image arrives one step after it), emits R read keys, R write vectors, write gates and key strengths, and
/// reads and writes an external memory [S, W] (<see cref="LruaStep"/>); the class probabilities of x_t are a softmax
/// over N classes of a linear map of [controller output, read vectors]. Nothing is adapted by gradient at test time:
/// a new episode is learned by writing it to memory.
/// <para>Two protocols. The paper's: <see cref="SequenceLogits"/> on a <see cref="SequenceBatch"/> (support and query
/// images of an episode in one shuffled sequence, every label given one step late), scored by instance
/// (<c>InstanceAccuracy</c> in Evaluation); <see cref="MetaTrainStep"/> trains this way on each task's images. The course's
/// (<see cref="Predict"/>): the support set is fed as labelled steps (in the episode's <see cref="SequenceOrder"/>), then
/// every query is read against that memory on its own, without its label (each from the state after the support set,
/// with the last support label as its previous label).</para>
/// <para>Simplified: a Conv4 embedding (trained end to end) replaces the paper's flattened 20x20 pixels; the gamma of the usage decay is fixed (0.95);
/// each head writes a vector a_t of its own rather than its read key k_t (as in common reimplementations: with one
/// vector for both, the read right after the write is dominated by the slot just written, and training on Omniglot
/// stayed at chance, loss ln 5, through the quick budget); gradients are clipped to norm 10. Added: in training, an auxiliary
/// prototype loss on the embedding (<see cref="PrototypeLoss"/>, weight <see cref="MannOptions.PrototypeLossWeight"/>): the paper's
/// inputs were fixed pixels, and a Conv4 that learns only through the memory's addressing left the quick profile at
/// 51% (5-way 5-shot); with it (weight 3), 63-70%, and 74% with the quick profile's 64-unit controller and 16 filters. Nothing of it is used at test time, where only the memory classifies.</para>
/// </summary>
public sealed class MemoryAugmentedNetwork : IFewShotLearner
{
    private readonly Network _network;

    /// <summary>A new MANN with freshly initialised weights (seed libtorch first for reproducible ones).</summary>
    /// <param name="options">Its settings (the defaults when null).</param>
    /// <param name="device">Where its modules live (<see cref="Devices.Default"/> when null).</param>
    public MemoryAugmentedNetwork(MannOptions? options = null, Device? device = null)
    {
        Options = options ?? new MannOptions();
        var bad = new List<string>();
        if (Options.Ways < 2) bad.Add(Invariant($"Ways = {Options.Ways} (at least 2 classes)"));
        if (Options.Hidden < 1) bad.Add(Invariant($"Hidden = {Options.Hidden} (at least 1 filter)"));
        if (Options.ControllerSize < 1) bad.Add(Invariant($"ControllerSize = {Options.ControllerSize} (at least 1)"));
        if (Options.Slots < 1) bad.Add(Invariant($"Slots = {Options.Slots} (the memory needs at least one slot)"));
        if (Options.SlotWidth < 1) bad.Add(Invariant($"SlotWidth = {Options.SlotWidth} (at least 1)"));
        if (Options.Reads < 1 || Options.Reads > Options.Slots) bad.Add(Invariant($"Reads = {Options.Reads} (1 to Slots = {Options.Slots})"));
        if (!(Options.Gamma >= 0 && Options.Gamma <= 1)) bad.Add(Invariant($"Gamma = {Options.Gamma} (in [0, 1])"));
        if (!(Options.PrototypeLossWeight >= 0 && double.IsFinite(Options.PrototypeLossWeight))) bad.Add(Invariant($"PrototypeLossWeight = {Options.PrototypeLossWeight} (finite, 0 or more; 0 turns it off)"));
        if (bad.Count > 0) throw new ArgumentOutOfRangeException(nameof(options), $"Bad MANN settings: {string.Join(", ", bad)}.");
        _network = new Network(Options);
        Devices.Place(device, _network);
        ParameterGroups = [new ParameterGroup([.. _network.parameters()])];
    }

    /// <summary>The settings it was built with.</summary>
    public MannOptions Options { get; }

    /// <summary>The largest gradient norm <see cref="MetaTrainStep"/> leaves (its gradients are clipped to it).</summary>
    public const double GradientClip = 10;

    /// <inheritdoc/>
    public string Name => "MANN";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["embedding"] = $"Conv4 ({Options.Hidden} filters)",
        ["controller"] = $"LSTM ({Options.ControllerSize} units), input: embedding and one-hot of the previous label",
        ["memory"] = string.Create(CultureInfo.InvariantCulture, $"{Options.Slots} x {Options.SlotWidth}, {Options.Reads} read heads, LRU access (gamma {Options.Gamma})"),
        ["output"] = $"softmax over {Options.Ways} classes of the controller output and the reads",
        ["embedding loss"] = Options.PrototypeLossWeight > 0 ? string.Create(CultureInfo.InvariantCulture, $"prototype loss on later instances, weight {Options.PrototypeLossWeight} (training only)") : "none (the paper's)",
    };

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>The image embedding: [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Conv4 Embedding => _network.embedding;

    /// <summary>The state of a sequence between steps: controller (h, c) [B, ControllerSize] each, and the memory.</summary>
    /// <param name="Hidden">The LSTM's h.</param>
    /// <param name="Cell">The LSTM's c.</param>
    /// <param name="Memory">The external memory's state.</param>
    public sealed record SequenceState(Tensor Hidden, Tensor Cell, LruaState Memory);

    /// <summary>What one step computed: logits [B, N], and the read and write weights [B, R, S] it used (for plots).</summary>
    /// <param name="Logits">Class scores of the step's image.</param>
    /// <param name="ReadWeights">w_r of the step.</param>
    /// <param name="WriteWeights">w_w of the step.</param>
    public sealed record StepOutput(Tensor Logits, Tensor ReadWeights, Tensor WriteWeights);

    /// <summary>The state before the first step of <paramref name="episodes"/> sequences: zeros, and an empty memory, on the learner's device.</summary>
    public SequenceState InitialState(long episodes)
    {
        var device = _network.parameters().First().device;
        return new(zeros(episodes, Options.ControllerSize, device: device), zeros(episodes, Options.ControllerSize, device: device),
            LruaState.Initial(episodes, Options.Slots, Options.SlotWidth, Options.Reads, device));
    }

    /// <summary>
    /// One time step: image embeddings [B, Hidden] and the previous step's labels as one-hot [B, N] (zeros at the first
    /// step) -> the step's output and the next state.
    /// </summary>
    public (StepOutput Output, SequenceState Next) Step(Tensor embeddings, Tensor previousLabels, SequenceState state)
    {
        var b = state.Hidden.size(0);
        Shapes.Expect(embeddings, nameof(embeddings), $"[B, D] with the state's B = {b} and D = {_network.EmbeddingSize}", b, _network.EmbeddingSize);
        Shapes.Expect(previousLabels, nameof(previousLabels), $"[B, N] (one-hot) with B = {b}, N = {Options.Ways}", b, Options.Ways);
        using var scope = NewDisposeScope();
        var (h, c) = _network.controller.forward(cat([embeddings, previousLabels], 1), (state.Hidden, state.Cell));
        var keys = torch.tanh(_network.key.forward(h)).reshape(b, Options.Reads, Options.SlotWidth);
        var written = torch.tanh(_network.write.forward(h)).reshape(b, Options.Reads, Options.SlotWidth);
        var gate = _network.gate.forward(h);
        var strength = 1 + F.softplus(_network.strength.forward(h));
        var (reads, writeWeights, memory) = LruaStep.Run(state.Memory, keys, gate, strength, Options.Gamma, written);
        var logits = _network.output.forward(cat([h, reads.flatten(1)], 1));
        var output = new StepOutput(logits.MoveToOuterDisposeScope(), memory.ReadWeights.alias().MoveToOuterDisposeScope(), writeWeights.MoveToOuterDisposeScope());
        return (output, new SequenceState(h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope(), memory.MoveToOuterDisposeScope()));
    }

    /// <summary>The one-hot labels [B, T, N] shifted one step later (zeros at t = 0): what the controller sees at each step.</summary>
    public Tensor OffsetLabels(Tensor labels)
    {
        CheckLabels(labels);
        using var scope = NewDisposeScope();
        var oneHot = F.one_hot(labels, Options.Ways).to(ScalarType.Float32);
        var first = zeros(labels.size(0), 1, Options.Ways, device: labels.device);
        return cat([first, oneHot.narrow(1, 0, labels.size(1) - 1)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The paper's protocol: logits [B, T, N] of every step of <paramref name="sequence"/>, each predicted before its own
    /// label is seen. With <paramref name="trace"/>, every step's read and write weights are added to it ([B, R, S] each).
    /// </summary>
    public Tensor SequenceLogits(SequenceBatch sequence, List<StepOutput>? trace = null)
    {
        // No scope around the steps: the trace's tensors must reach the caller.
        using var z = EmbedSequence(sequence);
        return LogitsOfEmbedded(sequence, z, trace);
    }

    // Embeddings [B, T, D] of a sequence's images, embedded in one pass (every sequence path starts here, so the way check is here).
    private Tensor EmbedSequence(SequenceBatch sequence)
    {
        if (sequence.Ways != Options.Ways)
            throw new ArgumentException(Invariant($"MANN was built for {Options.Ways}-way sequences but this one is {sequence.Ways}-way: build it with MannOptions(Ways: {sequence.Ways})."), nameof(sequence));
        using var scope = NewDisposeScope();
        return Embed(sequence.Images.flatten(0, 1)).reshape(sequence.Labels.size(0), sequence.Labels.size(1), -1).MoveToOuterDisposeScope();
    }

    private Tensor LogitsOfEmbedded(SequenceBatch sequence, Tensor z, List<StepOutput>? trace)
    {
        var (b, t) = (sequence.Labels.size(0), sequence.Labels.size(1));
        using var scope = NewDisposeScope();
        var previous = OffsetLabels(sequence.Labels);
        var state = InitialState(b);
        var logits = new Tensor[t];
        for (var i = 0; i < t; i++)
        {
            var (output, next) = Step(z.select(1, i), previous.select(1, i), state);
            logits[i] = output.Logits;
            trace?.Add(new StepOutput(output.Logits.detach().MoveToOuterDisposeScope(), output.ReadWeights.detach().MoveToOuterDisposeScope(), output.WriteWeights.detach().MoveToOuterDisposeScope()));
            state = next;
        }
        return stack(logits, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The sequence loss: mean cross-entropy over every step of every sequence. Returns the loss and the step accuracy.</summary>
    public (Tensor Loss, double Accuracy) SequenceLoss(SequenceBatch sequence)
    {
        using var z = EmbedSequence(sequence);
        return LossOfEmbedded(sequence, z);
    }

    private (Tensor Loss, double Accuracy) LossOfEmbedded(SequenceBatch sequence, Tensor z)
    {
        using var scope = NewDisposeScope();
        var logits = LogitsOfEmbedded(sequence, z, null);
        var loss = F.cross_entropy(logits.flatten(0, 1), sequence.Labels.flatten());
        return (loss.MoveToOuterDisposeScope(), EpisodicStep.QueryAccuracy(logits, sequence.Labels));
    }

    /// <summary>Evaluation mode (batch norm's running statistics) until the returned scope is disposed.</summary>
    public TrainingModeScope EvaluationMode() => _network.EvaluationMode();

    /// <summary>Image embeddings: [M, 1, 28, 28] -> [M, Hidden].</summary>
    public Tensor Embed(Tensor images) => _network.embedding.forward(images);

    /// <summary>
    /// Trains on the paper's protocol: each task's support and query images as one sequence (<see cref="SequenceBatch.FromTaskBatch"/>),
    /// labels one step late, cross-entropy at every step; the accuracy reported is over every step.
    /// </summary>
    public StepResult MetaTrainStep(TaskBatch batch)
    {
        HeadWays.Require(batch, Options.Ways, Name, nameof(MannOptions));
        using var training = _network.TrainingMode();
        using var scope = NewDisposeScope();
        using var sequence = SequenceBatch.FromTaskBatch(batch);
        var z = EmbedSequence(sequence);
        var (loss, accuracy) = LossOfEmbedded(sequence, z);
        var total = Options.PrototypeLossWeight > 0
            ? loss + Options.PrototypeLossWeight * PrototypeLoss(z, sequence.Labels, sequence.Instances, Options.Ways, batch.Shots)
            : loss;
        total.backward();
        // The LSTM's gradients through 50 steps of memory spike now and then; clipped as is usual for LSTMs (norm 10).
        nn.utils.clip_grad_norm_(ParameterGroups[0].Parameters, GradientClip);
        return new StepResult(loss.ToDouble(), accuracy);
    }

    /// <summary>
    /// The course's protocol: the support set as labelled steps (in the episode's sequence order), then each query read
    /// against that memory without its label. Query logits [T, N*Q, N].
    /// </summary>
    public Tensor Predict(TaskBatch batch)
    {
        HeadWays.Require(batch, Options.Ways, Name, nameof(MannOptions));
        using var evaluation = _network.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (tasks, support, queries) = (batch.Tasks, batch.Ways * batch.Shots, batch.Ways * batch.Queries);
        var index = tensor(batch.Episodes.SelectMany(e => SequenceOrder.Of(e.Key, support).Select(i => (long)i)).ToArray(), [tasks, support], device: batch.SupportLabels.device);
        var labels = batch.SupportLabels.gather(1, index);
        var images = stack(Enumerable.Range(0, tasks).Select(t => batch.SupportImages[t].index_select(0, index[t])).ToArray());
        var z = Embed(images.flatten(0, 1)).reshape(tasks, support, -1);
        var previous = OffsetLabels(labels);
        var state = InitialState(tasks);
        for (var i = 0; i < support; i++) state = Step(z.select(1, i), previous.select(1, i), state).Next;
        // Every query from the state after the support set, as if it were the next step; its label is never given.
        var lastLabel = F.one_hot(labels.select(1, support - 1), Options.Ways).to(ScalarType.Float32).repeat_interleave(queries, 0);
        var queryState = new SequenceState(state.Hidden.repeat_interleave(queries, 0), state.Cell.repeat_interleave(queries, 0), state.Memory.RepeatEach(queries));
        var zq = Embed(batch.QueryImages.flatten(0, 1));
        var logits = Step(zq, lastLabel, queryState).Output.Logits.reshape(tasks, queries, Options.Ways);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The auxiliary loss on the embedding that <see cref="MetaTrainStep"/> adds (weight <see cref="MannOptions.PrototypeLossWeight"/>):
    /// in each sequence, the prototypes are the mean embeddings of each class's first <paramref name="shots"/> instances,
    /// and every later step is classified by softmax(-squared distance) to them (ProtoNet's loss). Embeddings [B, T, D],
    /// labels and instance numbers [B, T] -> the mean negative log-probability of the later steps' classes.
    /// </summary>
    public static Tensor PrototypeLoss(Tensor embeddings, Tensor labels, Tensor instances, int ways, int shots)
    {
        Shapes.Expect(embeddings, nameof(embeddings), "[B, T, D]", null, null, null);
        Shapes.Expect(labels, nameof(labels), $"[B, T] with the embeddings' B and T", embeddings.size(0), embeddings.size(1));
        Shapes.Expect(instances, nameof(instances), $"[B, T] with the embeddings' B and T", embeddings.size(0), embeddings.size(1));
        using var scope = NewDisposeScope();
        var early = instances.le(shots);
        var later = early.logical_not().flatten();
        if (later.sum().ToInt64() == 0)
            throw new ArgumentException(Invariant($"No step is past instance {shots} of its class, so there is nothing to classify against the prototypes: use sequences with more than {shots} instances per class."), nameof(instances));
        var weights = F.one_hot(labels, ways).to(ScalarType.Float32) * early.unsqueeze(2).to(ScalarType.Float32);
        var prototypes = weights.transpose(1, 2).bmm(embeddings) / weights.sum(1).unsqueeze(2).clamp_min(1);
        var distances = (embeddings.unsqueeze(2) - prototypes.unsqueeze(1)).pow(2L).sum(3);
        var logProbabilities = PrototypicalNetworks.LogProbabilities(distances.flatten(0, 1));
        return PrototypicalNetworks.Loss(logProbabilities[later], labels.flatten()[later]).MoveToOuterDisposeScope();
    }

    private void CheckLabels(Tensor labels)
    {
        Shapes.Expect(labels, nameof(labels), "[B, T] (episodes, steps)", null, null);
        Shapes.ExpectDtype(labels, nameof(labels), ScalarType.Int64);
        if (labels.numel() == 0) throw new ArgumentException("A sequence needs at least one step.", nameof(labels));
        var (min, max) = (labels.min().ToInt64(), labels.max().ToInt64());
        if (min < 0 || max >= Options.Ways)
            throw new ArgumentException(Invariant($"The labels run from {min} to {max}, but MANN was built for {Options.Ways} classes (labels 0..{Options.Ways - 1}): relabel the sequence or build it with MannOptions(Ways: {max + 1})."), nameof(labels));
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> state_dict() => StateDict.Of(_network);

    /// <inheritdoc/>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state) =>
        StateDict.Load(_network, state, $"{Name}'s network (Conv4 {Options.Hidden}, LSTM {Options.ControllerSize}, memory {Options.Slots} x {Options.SlotWidth}, {Options.Reads} heads, {Options.Ways}-way)");

    /// <summary>Frees the network.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>"MANN (embedding: ..., controller: ..., memory: ..., output: ...)".</summary>
    public override string ToString() => this.Describe();

    // The modules, registered by field name (embedding.*, controller.*, key.*, write.*, gate.*, strength.*, output.*).
    private sealed class Network : nn.Module
    {
#pragma warning disable IDE1006 // lower-case: TorchSharp registers modules by field name, as PyTorch's attribute names
        public readonly Conv4 embedding;
        public readonly LSTMCell controller;
        public readonly Linear key;
        public readonly Linear write;
        public readonly Linear gate;
        public readonly Linear strength;
        public readonly Linear output;
#pragma warning restore IDE1006

        public Network(MannOptions o) : base("MANN")
        {
            embedding = new Conv4(hidden: o.Hidden);
            EmbeddingSize = o.Hidden;
            controller = nn.LSTMCell(o.Hidden + o.Ways, o.ControllerSize);
            key = nn.Linear(o.ControllerSize, o.Reads * o.SlotWidth);
            write = nn.Linear(o.ControllerSize, o.Reads * o.SlotWidth);
            gate = nn.Linear(o.ControllerSize, o.Reads);
            strength = nn.Linear(o.ControllerSize, o.Reads);
            output = nn.Linear(o.ControllerSize + o.Reads * o.SlotWidth, o.Ways);
            // Key strengths start near beta = 10 rather than softplus(0) + 1 = 1.7: cosines lie in [-1, 1], and a softmax of
            // 1.7 cos over many slots is nearly uniform, so every read would start as the average of the memory.
            using (no_grad()) strength.bias!.fill_(InitialStrengthBias);
            RegisterComponents();
        }

        public long EmbeddingSize { get; }

        // softplus(b) + 1 = 10 at b = log(e^9 - 1).
        private static readonly double InitialStrengthBias = Math.Log(Math.Exp(9) - 1);
    }
}
