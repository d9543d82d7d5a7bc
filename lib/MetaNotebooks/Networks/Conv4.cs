using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Networks;

/// <summary>
/// The Conv4 backbone of the few-shot papers (Vinyals et al. 2016, Snell et al. 2017, Finn et al. 2017):
/// 4 x [conv 3x3 (padding 1), batch norm, ReLU, max-pool 2]. On 1x28x28 images it gives a 64-d embedding
/// (28 -> 14 -> 7 -> 3 -> 1). With <c>classes</c> set, a linear head maps the embedding to logits.
/// Parameters, in order: per block conv weight, conv bias, bn weight, bn bias; then head weight and bias.
/// Runs as a module (<c>forward(x)</c>) or functionally on explicit tensors (<c>forward(x, weights)</c>), which is
/// how MAML's fast weights run it. [N, C, H, W] -> [N, hidden * h * w] (or [N, classes]).
/// </summary>
public sealed class Conv4 : FunctionalModule
{
    private const double BatchNormMomentum = 0.1, BatchNormEps = 1e-5;
    // Registered as "body" (a Sequential: conv, bn, relu, pool per block, so body.0, body.1, body.4, ... as in
    // PyTorch) and "head", so parameters() lists them block by block, as Forward reads them. The arrays only alias
    // the body's layers (for the running statistics); they are not registered themselves.
    private readonly Sequential body;
    private readonly Conv2d[] convs = new Conv2d[4];
    private readonly BatchNorm2d[] norms = new BatchNorm2d[4];
    private readonly Linear? head;

    /// <param name="inChannels">Image channels (1 for Omniglot).</param>
    /// <param name="hidden">Filters per block (64 in the papers).</param>
    /// <param name="classes">Size of the linear head; null for an embedding network.</param>
    /// <param name="trackRunningStats">False for MAML-style batch norm, which always uses the batch's statistics.</param>
    /// <param name="embeddingSize">The flattened body output feeding the head (hidden for 28x28 input).</param>
    public Conv4(int inChannels = 1, int hidden = 64, int? classes = null, bool trackRunningStats = true, int? embeddingSize = null) : base(nameof(Conv4))
    {
        if (inChannels <= 0 || hidden <= 0 || classes <= 0 || embeddingSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(hidden), $"Conv4 sizes must be positive: inChannels {inChannels}, hidden {hidden}, classes {classes}, embeddingSize {embeddingSize}.");
        Hidden = hidden;
        InChannels = inChannels;
        TracksRunningStats = trackRunningStats;
        var c = inChannels;
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < 4; i++)
        {
            convs[i] = nn.Conv2d(c, hidden, 3, padding: 1);
            norms[i] = nn.BatchNorm2d(hidden, BatchNormEps, BatchNormMomentum, track_running_stats: trackRunningStats);
            layers.AddRange([convs[i], norms[i], nn.ReLU(), nn.MaxPool2d(2)]);
            c = hidden;
        }
        body = nn.Sequential(layers.ToArray());
        register_module("body", body);
        if (classes is { } n)
        {
            head = nn.Linear(embeddingSize ?? hidden, n);
            register_module("head", head);
        }
    }

    /// <summary>Filters per block; the embedding size at 28x28.</summary>
    public int Hidden { get; }

    /// <summary>Channels of the input images.</summary>
    public int InChannels { get; }

    /// <summary>Whether batch norm keeps running statistics (ProtoNet) or always uses the batch's (MAML).</summary>
    public bool TracksRunningStats { get; }

    /// <summary>The linear head, or null for an embedding network.</summary>
    public Linear? Head => head;

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor input, Weights w)
    {
        if (input.dim() != 4 || input.size(1) != InChannels)
            throw new ArgumentException($"Conv4 wants images [N, {InChannels}, H, W]; got shape {Shapes.Format(input)}.", nameof(input));
        using var scope = NewDisposeScope();
        var x = input;
        for (var b = 0; b < 4; b++)
        {
            x = F.conv2d(x, w[4 * b], w[4 * b + 1], padding: [1, 1]);
            x = BatchNorm(x, norms[b], w[4 * b + 2], w[4 * b + 3], w.Functional);
            x = F.max_pool2d(F.relu(x), [2, 2]);
            _blockOutputs?.Add(x.flatten(1).MoveToOuterDisposeScope());
        }
        x = x.flatten(1);
        if (head is not null && x.size(1) != head.in_features)
            throw new ArgumentException(
                $"Conv4's head takes {head.in_features} features, but images of shape {Shapes.Format(input)} give {x.size(1)} after the four blocks; " +
                "resize the images (28x28 gives 1x1) or build Conv4 with embeddingSize equal to that.", nameof(input));
        if (head is not null) x = F.linear(x, w[16], w[17]);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>forward</c> on images [M, C, H, W] computed <paramref name="chunk"/> images at a time: in evaluation mode with
    /// running statistics every image is processed on its own, so chunks give the same result, and small activations
    /// stay in the allocator's pool instead of being mapped and unmapped at every layer (which made 20-way evaluation
    /// several times slower). Refused where batch statistics are used (training mode, or no running statistics).
    /// </summary>
    public Tensor EmbedInChunks(Tensor images, int chunk = 100)
    {
        if (training || !TracksRunningStats)
            throw new InvalidOperationException("EmbedInChunks needs evaluation mode with running statistics: with batch statistics each chunk would be normalised by its own.");
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "The chunk size must be at least 1.");
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.size(0); start += chunk)
            parts.Add(forward(images.narrow(0, start, Math.Min(chunk, images.size(0) - start))));
        return cat(parts).MoveToOuterDisposeScope();
    }

    // Set only while BlockOutputs runs a forward pass: the four blocks' outputs are collected here.
    private List<Tensor>? _blockOutputs;

    /// <summary>
    /// What each of the four blocks outputs, flattened to [N, features], on the module's parameters or on
    /// <paramref name="weights"/> (e.g. fast weights): the representations whose change under adaptation ANIL's
    /// feature-reuse analysis measures. The head's logits are not included.
    /// </summary>
    public IReadOnlyList<Tensor> BlockOutputs(Tensor input, IReadOnlyList<Tensor>? weights = null)
    {
        _blockOutputs = [];
        try
        {
            using var logits = weights is null ? forward(input) : forward(input, weights);
            return _blockOutputs;
        }
        finally
        {
            _blockOutputs = null;
        }
    }

    /// <summary>
    /// T tasks at once, each on its own weights: images [T, B, C, H, W] and, per parameter, a stack [T, ...its shape]
    /// (e.g. MAML's fast weights for a meta-batch) -> [T, B, classes] (or [T, B, features]). The tasks run as one
    /// grouped convolution (groups = T) over the tasks' channels laid side by side, and batch norm normalises each
    /// (task, channel) by that task's batch statistics, so every task's result equals <c>forward(images[t], weights_t)</c>
    /// of a network without running statistics; only such a network (<c>trackRunningStats: false</c>) runs this way.
    /// </summary>
    public Tensor ForwardTasks(Tensor images, IReadOnlyList<Tensor> taskWeights)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(taskWeights);
        if (TracksRunningStats)
            throw new InvalidOperationException("ForwardTasks normalises every task by its own batch statistics; build the Conv4 with trackRunningStats: false.");
        if (images.dim() != 5 || images.size(2) != InChannels)
            throw new ArgumentException($"ForwardTasks wants images [T, B, {InChannels}, H, W]; got shape {Shapes.Format(images)}.", nameof(images));
        var own = named_parameters().ToList();
        var tasks = images.size(0);
        if (own.Count != taskWeights.Count)
            throw new ArgumentException($"Conv4 has {own.Count} parameters but {taskWeights.Count} weight stacks were given; pass one [T, ...] stack per parameter.", nameof(taskWeights));
        for (var i = 0; i < own.Count; i++)
            if (!taskWeights[i].shape.SequenceEqual(new[] { tasks }.Concat(own[i].parameter.shape)))
                throw new ArgumentException(
                    $"Parameter {i} ({own[i].name}) has shape {Shapes.Format(own[i].parameter)}, so its stack for {tasks} tasks must be " +
                    $"[{tasks}, {string.Join(", ", own[i].parameter.shape)}]; got {Shapes.Format(taskWeights[i])}.", nameof(taskWeights));
        ExpectDtype(images, taskWeights);
        using var scope = NewDisposeScope();
        var batch = images.size(1);
        // [T, B, C, H, W] -> [B, T*C, H, W]: task t owns channels t*C .. t*C + C - 1.
        var x = images.transpose(0, 1).reshape(batch, tasks * InChannels, images.size(3), images.size(4));
        for (var b = 0; b < 4; b++)
        {
            var weight = taskWeights[4 * b];
            x = F.conv2d(x, weight.reshape(-1, weight.size(2), weight.size(3), weight.size(4)), taskWeights[4 * b + 1].reshape(-1),
                padding: [1, 1], groups: tasks);
            x = F.batch_norm(x, null, null, taskWeights[4 * b + 2].reshape(-1), taskWeights[4 * b + 3].reshape(-1), true, BatchNormMomentum, BatchNormEps);
            x = F.max_pool2d(F.relu(x), [2, 2]);
        }
        x = x.reshape(batch, tasks, -1).transpose(0, 1); // [T, B, features]
        if (head is not null && x.size(2) != head.in_features)
            throw new ArgumentException(
                $"Conv4's head takes {head.in_features} features, but images of shape {Shapes.Format(images)} give {x.size(2)} after the four blocks; " +
                "resize the images (28x28 gives 1x1) or build Conv4 with embeddingSize equal to that.", nameof(images));
        if (head is not null) x = x.bmm(taskWeights[16].transpose(1, 2)) + taskWeights[17].unsqueeze(1);
        return x.MoveToOuterDisposeScope();
    }

    // As nn.BatchNorm2d does, but with the given affine tensors; fast weights never update the running statistics.
    private Tensor BatchNorm(Tensor x, BatchNorm2d norm, Tensor weight, Tensor bias, bool functional)
    {
        var useRunning = TracksRunningStats && !(functional && training);
        var batchStats = training || !TracksRunningStats;
        if (useRunning && training && norm.num_batches_tracked is { } tracked) tracked.add_(1);
        return F.batch_norm(x, useRunning ? norm.running_mean : null, useRunning ? norm.running_var : null, weight, bias,
            batchStats, BatchNormMomentum, BatchNormEps);
    }
}
