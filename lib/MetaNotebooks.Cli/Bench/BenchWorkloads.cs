using MetaNotebooks.Data;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Cli.Bench;

/// <summary>
/// The four workloads of shared/bench (torch_reference.py), doing the same work with the same names:
/// second- and first-order MAML meta-steps (32 tasks, 5-way 1-shot, 15 queries, one inner SGD step), and
/// Prototypical Networks steps (60-way 5-shot 5-query and 5-way 1-shot 15-query), Conv4 on 1x28x28, Adam.
/// Tasks run one at a time, as in the reference; everything runs on TorchSharp's default device (the CPU, or the one
/// <c>metanb bench --device</c> sets, as torch_cuda_reference.py runs on CUDA).
/// Ours only (torch_reference.py has no such workloads): Siamese, Matching, Relation and GNN steps through the library's
/// learners, at the 5-way 1-shot 15-query shape and at each method's quick training shape.
/// </summary>
public sealed class BenchWorkloads : IDisposable
{
    private readonly Conv4 _net = new(classes: 5, trackRunningStats: false);
    private readonly IReadOnlyList<Tensor> _all;
    private readonly IReadOnlyList<Parameter> _body;
    private readonly optim.Optimizer _metaOptimizer;
    private readonly Conv4 _embedding = new(trackRunningStats: false);
    private readonly MatchingNetworks _matching = new();
    private readonly GraphNeuralNetworks _gnn = new();
    private readonly SiameseNetworks _siamese = new();
    private readonly RelationNetworks _relation = new();
    private readonly optim.Optimizer _siameseOptimizer;
    private readonly optim.Optimizer _relationOptimizer;

    /// <summary>
    /// The networks of every workload (Conv4 5-way for the MAML steps, a Conv4 embedding for the Prototypical steps,
    /// Matching, GNN, Siamese and Relation learners) and Adam (lr 1e-3) for the MAML, Siamese and Relation steps.
    /// </summary>
    public BenchWorkloads()
    {
        _all = _net.ParameterList();
        _body = _embedding.parameters().ToList();
        _metaOptimizer = optim.Adam(_net.parameters(), 1e-3);
        _siameseOptimizer = optim.Adam(_siamese.ParameterGroups[0].Parameters, 1e-3);
        _relationOptimizer = optim.Adam(_relation.ParameterGroups[0].Parameters, 1e-3);
    }

    /// <summary>One MAML meta-step; second order differentiates through the inner gradient (fast weights run Conv4 functionally).</summary>
    public void MamlStep(bool secondOrder, int tasks = 32, int n = 5, int k = 1, int q = 15, double alpha = 0.4)
    {
        _metaOptimizer.zero_grad();
        for (var t = 0; t < tasks; t++)
        {
            using var scope = NewDisposeScope();
            var xs = randn(n * k, 1, 28, 28);
            var ys = arange(n).repeat_interleave(k);
            var xq = randn(n * q, 1, 28, 28);
            var yq = arange(n).repeat_interleave(q);
            var loss = F.cross_entropy(_net.forward(xs), ys);
            var grads = Gradients.Of(loss, _all, createGraph: secondOrder);
            var fast = new Tensor[_all.Count];
            for (var i = 0; i < fast.Length; i++) fast[i] = _all[i] - alpha * grads[i];
            (F.cross_entropy(_net.forward(xq, fast), yq) / tasks).backward();
        }
        _metaOptimizer.step();
    }

    /// <summary>
    /// The same MAML meta-step through the library's learner, which runs <paramref name="tasksPerPass"/> tasks as one
    /// batched forward (grouped convolution, <see cref="Conv4.ForwardTasks"/>) and backward; 1 is the per-task loop.
    /// </summary>
    public void LibraryMamlStep(bool secondOrder, int tasksPerPass, int tasks = 32, int n = 5, int k = 1, int q = 15, double alpha = 0.4)
    {
        var key = (secondOrder, tasksPerPass, n, alpha);
        if (!_learners.TryGetValue(key, out var entry))
        {
            var learner = new Algorithms.Gradient.Maml(new Algorithms.Gradient.MamlOptions(Ways: n, InnerLearningRate: alpha, FirstOrder: !secondOrder, TasksPerPass: tasksPerPass));
            entry = (learner, optim.Adam(learner.ParameterGroups[0].Parameters, 1e-3));
            _learners[key] = entry;
        }
        using var scope = NewDisposeScope();
        entry.Optimizer.zero_grad();
        entry.Learner.MetaTrainStep(randn([tasks, n * k, 1, 28, 28]), arange(n).repeat_interleave(k).repeat([tasks, 1]),
            randn([tasks, n * q, 1, 28, 28]), arange(n).repeat_interleave(q).repeat([tasks, 1]));
        entry.Optimizer.step();
    }

    private readonly Dictionary<(bool, int, int, double), (Algorithms.Gradient.Maml Learner, optim.Optimizer Optimizer)> _learners = new();

    /// <summary>One Prototypical Networks step: squared Euclidean distances to class means, cross-entropy, Adam.</summary>
    public void ProtoStep(int n, int k, int q)
    {
        using var opt = optim.Adam(_body, 1e-3);
        using var scope = NewDisposeScope();
        opt.zero_grad();
        var xs = randn(n * k, 1, 28, 28);
        var xq = randn(n * q, 1, 28, 28);
        var yq = arange(n).repeat_interleave(q);
        var zs = _embedding.forward(xs);
        var zq = _embedding.forward(xq);
        var protos = zs.view(n, k, -1).mean([1]);
        var logits = -cdist(zq, protos).pow(2);
        F.cross_entropy(logits, yq).backward();
        opt.step();
    }

    /// <summary>One Matching Networks step (simple embedding) on random images: attention loss, backward, Adam.</summary>
    public void MatchingStep(int n, int k, int q)
    {
        using var opt = optim.Adam(_matching.ParameterGroups[0].Parameters, 1e-3);
        using var scope = NewDisposeScope();
        _matching.Embedding.train();
        opt.zero_grad();
        var xs = randn(n * k, 1, 28, 28);
        var ys = arange(n).repeat_interleave(k);
        var xq = randn(n * q, 1, 28, 28);
        var yq = arange(n).repeat_interleave(q);
        MatchingNetworks.Loss(_matching.EpisodeDistribution(xs, ys, xq, n), yq).backward();
        opt.step();
    }

    /// <summary>One GNN step (5-way, one graph per query) over <paramref name="tasks"/> random episodes: cross-entropy, backward, Adam.</summary>
    public void GnnStep(int tasks, int k, int q)
    {
        const int n = 5;
        using var opt = optim.Adam(_gnn.ParameterGroups[0].Parameters, 1e-3);
        using var scope = NewDisposeScope();
        _gnn.Embedding.train();
        foreach (var layer in _gnn.Layers) layer.train();
        opt.zero_grad();
        for (var t = 0; t < tasks; t++)
        {
            var xs = randn(n * k, 1, 28, 28);
            var ys = arange(n).repeat_interleave(k);
            var xq = randn(n * q, 1, 28, 28);
            var yq = arange(n).repeat_interleave(q);
            (F.cross_entropy(_gnn.EpisodeLogits(xs, ys, xq), yq) / tasks).backward();
        }
        opt.step();
    }

    /// <summary>One Siamese step: embed an episode's N*(K+Q) images, balanced verification pairs, binary cross-entropy, Adam.</summary>
    public void SiameseStep(int n, int k, int q)
    {
        using var scope = NewDisposeScope();
        _siamese.Embedding.train();
        _siameseOptimizer.zero_grad();
        var (loss, _, _) = _siamese.EpisodeLoss(randn(n * k, 1, 28, 28), arange(n).repeat_interleave(k), randn(n * q, 1, 28, 28), arange(n).repeat_interleave(q), new EpisodeKey(0, 0));
        loss.backward();
        _siameseOptimizer.step();
    }

    /// <summary>One Relation Networks step: feature maps, class sums, N*N*Q relation pairs, MSE against one-hot, Adam.</summary>
    public void RelationStep(int n, int k, int q)
    {
        using var scope = NewDisposeScope();
        _relation.Embedding.train();
        _relation.Relation.train();
        _relationOptimizer.zero_grad();
        var scores = _relation.EpisodeScores(randn(n * k, 1, 28, 28), randn(n * q, 1, 28, 28), n, k);
        RelationNetworks.Loss(scores, arange(n).repeat_interleave(q)).backward();
        _relationOptimizer.step();
    }

    /// <summary>Frees the networks, the kept optimizers and the MAML learners (with their optimizers) that <see cref="LibraryMamlStep"/> created.</summary>
    public void Dispose()
    {
        _matching.Dispose();
        _gnn.Dispose();
        _siameseOptimizer.Dispose();
        _relationOptimizer.Dispose();
        _siamese.Dispose();
        _relation.Dispose();
        _metaOptimizer.Dispose();
        _net.Dispose();
        _embedding.Dispose();
        foreach (var (learner, optimizer) in _learners.Values)
        {
            optimizer.Dispose();
            learner.Dispose();
        }
    }
}
