using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>
/// The few-shot GNN on tiny models: one graph per query for every episode size, nodes, adjacency and graph convolution by
/// hand, order, learning, its errors (the contract every method keeps: LearnerContractTests).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class GraphNeuralNetworksTests(OmniglotFixture fixture)
{
    private static readonly GnnOptions Tiny = new(Ways: 5, Hidden: 8, Layers: 2, NodeFeatures: 8, AdjacencyFeatures: 8);

    private TaskBatch Batch(int ways, int shots, int queries, int tasks = 1) =>
        new EpisodeSampler(OmniglotSplits.Vinyals(fixture.Omniglot.Classes).Train, ways, shots, queries).Batch(fixture.Omniglot, seed: 6, batchIndex: 0, tasks);

    [Theory]
    [InlineData(5, 1, 3)]
    [InlineData(5, 5, 2)]
    [InlineData(20, 1, 1)]
    [InlineData(3, 2, 4)]
    public void Predict_gives_one_row_of_n_logits_per_query_each_from_its_own_graph(int ways, int shots, int queries)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var gnn = new GraphNeuralNetworks(Tiny with { Ways = ways });
        using var batch = Batch(ways, shots, queries, tasks: 2);
        var logits = gnn.Predict(batch);
        Assert.Equal(new long[] { 2, ways * queries, ways }, logits.shape);
        // One graph per query: a query's logits do not depend on the other queries.
        var lastOfEach = Enumerable.Range(0, ways).Select(k => (long)((k + 1) * queries - 1)).ToArray();
        using var alone = TaskBatch.Create(fixture.Omniglot, [batch.Episodes[1] with { Query = new QuerySet(lastOfEach.Select(i => batch.Episodes[1].Query.Items[(int)i]).ToList()), Queries = 1 }]);
        Assert.True(gnn.Predict(alone)[0].allclose(logits[1].index_select(0, tensor(lastOfEach)), 1e-4, 1e-5));
        var step = gnn.MetaTrainStep(batch);
        Assert.True(step.Loss > 0 && double.IsFinite(step.Loss), $"loss {step.Loss}");
    }

    [Fact]
    public void Nodes_adjacency_and_graph_convolution_by_hand_match_the_library()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var gnn = new GraphNeuralNetworks(Tiny);
        var (s, sl, q, ql) = ToyEpisodes.Episode(3, 5, 1, 2);
        gnn.Embedding.train();
        var z = gnn.Embed(cat([s, q]));
        var (zs, zq) = (z.narrow(0, 0, 5), z.narrow(0, 5, 10));
        var nodes = GraphNeuralNetworks.Nodes(zs, sl, zq, 5);
        Assert.Equal(new long[] { 10, 6, 13 }, nodes.shape);
        // Query i's graph: node 0 is [phi(query i), 1/5 ...], nodes 1..5 are [phi(support j), one-hot(label j)].
        Assert.True(nodes[3, 0].allclose(cat([zq[3], full(5, 0.2f)]), 1e-6, 1e-7));
        Assert.True(nodes[3, 2].allclose(cat([zs[1], F.one_hot(sl[1], 5).to(ScalarType.Float32)]), 1e-6, 1e-7));
        var layer = gnn.Layers[0];
        var a = layer.Adjacency(nodes);
        Assert.Equal(new long[] { 10, 6, 6 }, a.shape);
        Assert.True(a.sum(2).allclose(ones(10, 6), 1e-5, 1e-6), "rows sum to 1");
        Assert.True(a.diagonal(0, 1, 2).abs().max().ToDouble() < 1e-6, "no self-connection");
        // The graph convolution by hand: Linear([x, A x]) through the layer's own parameters, then batch norm and leaky ReLU.
        var p = layer.named_parameters().ToDictionary(kv => kv.name, kv => (Tensor)kv.parameter);
        var linear = cat([nodes, a.bmm(nodes)], 2).reshape(60, -1).mm(p["convolution.weight"].t()) + p["convolution.bias"];
        var normed = (linear - linear.mean([0])) / (linear.var(0, unbiased: false) + 1e-5).sqrt() * p["norm.weight"] + p["norm.bias"];
        var byHand = F.leaky_relu(normed, 0.01).reshape(10, 6, -1);
        Assert.True(byHand.allclose(layer.Convolve(nodes, a), 1e-4, 1e-4));
        // Dense connection: the hidden layer's output is [x, new features].
        var dense = layer.forward(nodes);
        Assert.Equal(13 + 8, dense.size(2));
        Assert.True(dense.narrow(2, 0, 13).allclose(nodes, 0, 0));
        Assert.Equal(new long[] { 10, 5 }, gnn.Logits(nodes).shape);
        Assert.True(gnn.EpisodeLogits(s, sl, q).allclose(gnn.Logits(nodes), 1e-5, 1e-5));
        _ = ql;
    }

    [Fact]
    public void Shuffling_the_support_set_leaves_predictions_unchanged()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var episode = new EpisodeSampler(OmniglotSplits.Vinyals(fixture.Omniglot.Classes).Test, 5, 2, 3).Sample(0, 4);
        var order = new[] { 7, 2, 9, 0, 4, 1, 8, 3, 6, 5 };
        using var original = TaskBatch.Create(fixture.Omniglot, [episode]);
        using var permuted = TaskBatch.Create(fixture.Omniglot, [episode with { Support = new SupportSet(order.Select(i => episode.Support.Items[i]).ToList()) }]);
        manual_seed(3);
        using var gnn = new GraphNeuralNetworks(Tiny);
        var gap = (gnn.Predict(original) - gnn.Predict(permuted)).abs().max().ToDouble();
        Assert.True(gap < 1e-4, $"the GNN is invariant to the support order, but predictions moved by {gap}");
    }

    /// <summary>
    /// 150 steps of Adam 1e-2 take a tiny GNN far above chance (20%) on the toy task. Not to 100%: over seeds 0-9 on one
    /// thread it ends between 86% and 100% here, and seed 4, 100% here, gave 79.75% on another CPU (2026-12-04): a short
    /// stochastic training amplifies the CPU's summation order. The floor, 60%, is 3x chance and 20 points under the lowest.
    /// </summary>
    [Fact]
    public void A_tiny_model_learns_a_separable_toy_task()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var gnn = new GraphNeuralNetworks(Tiny);
        using var adam = optim.Adam(gnn.ParameterGroups[0].Parameters, 1e-2);
        for (var step = 0; step < 150; step++)
        {
            using var stepScope = NewDisposeScope();
            var (s, sl, q, ql) = ToyEpisodes.Episode(step, 5, 1, 4);
            gnn.Embedding.train();
            foreach (var layer in gnn.Layers) layer.train();
            adam.zero_grad();
            F.cross_entropy(gnn.EpisodeLogits(s, sl, q), ql).backward();
            adam.step();
        }
        foreach (var layer in gnn.Layers) layer.eval();
        using var eval = gnn.Embedding.EvaluationMode();
        using var noGrad = no_grad();
        var accuracy = Enumerable.Range(1000, 20).Average(seed =>
        {
            var (s, sl, q, ql) = ToyEpisodes.Episode(seed, 5, 1, 4);
            return Accuracy.Of(gnn.EpisodeLogits(s, sl, q), ql);
        });
        Assert.True(accuracy >= 0.6, $"toy-task accuracy after 150 steps {accuracy:0.000} >= 0.6 (chance 0.2)");
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var gnn = new GraphNeuralNetworks(Tiny);
        var (s, sl, q, _) = ToyEpisodes.Episode(0, 5, 2, 1);
        var missing = sl.clone();
        missing[8] = tensor(0L);
        missing[9] = tensor(0L);
        Assert.Contains("no example of class 4", Assert.Throws<ArgumentException>(() => gnn.EpisodeLogits(s, missing, q)).Message);
        Assert.Contains("K = 0", Assert.Throws<ArgumentException>(() => gnn.EpisodeLogits(s.narrow(0, 0, 0), sl.narrow(0, 0, 0), q)).Message);
        Assert.Contains("[M, 1, 28, 28]; queryImages has shape [5, 1, 32, 32]", Assert.Throws<ArgumentException>(() => gnn.EpisodeLogits(s, sl, randn(5, 1, 32, 32))).Message);
        Assert.Contains("D + N = 13", Assert.Throws<ArgumentException>(() => gnn.Logits(randn(4, 6, 12))).Message);
        Assert.Contains("[B, V, V]", Assert.Throws<ArgumentException>(() => gnn.Layers[0].Convolve(randn(4, 6, 13), randn(4, 5, 5))).Message);
        // A checkpoint of another way count (a batch of another way count, another method's state: LearnerContractTests).
        using var gnn20 = new GraphNeuralNetworks(Tiny with { Ways = 20 });
        Assert.Contains("saved with other settings", Assert.Throws<ArgumentException>(() => gnn.load_state_dict(gnn20.state_dict())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphNeuralNetworks(Tiny with { Ways = 1 }));
    }
}
