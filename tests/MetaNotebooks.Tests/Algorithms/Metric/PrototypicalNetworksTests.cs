using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class PrototypicalNetworksTests(OmniglotFixture fixture)
{
    private TaskBatch Batch(int ways, int shots, int queries, int tasks)
    {
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        return new EpisodeSampler(split.Train, ways, shots, queries).Batch(fixture.Omniglot, seed: 3, batchIndex: 0, tasks);
    }

    [Fact]
    public void The_loss_re_derived_by_hand_from_its_named_steps_equals_the_training_loss()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 16));
        using var batch = Batch(ways: 5, shots: 3, queries: 4, tasks: 1);
        proto.Embedding.train();
        var support = batch.SupportImages[0];
        var query = batch.QueryImages[0];
        var labels = batch.QueryLabels[0];

        // By hand: embed support and query together, average each class's 3 support embeddings, squared distances,
        // log-softmax of the negative distances, mean negative log-likelihood of the true class.
        var z = proto.Embed(cat([support, query]));
        var zs = z.narrow(0, 0, 15);
        var zq = z.narrow(0, 15, 20);
        var prototypes = stack(Enumerable.Range(0, 5).Select(k => zs.narrow(0, 3 * k, 3).mean([0])).ToList());
        Assert.True(SameTensor(prototypes, PrototypicalNetworks.Prototypes(zs, 5, 3)));
        var distances = cdist(zq, prototypes).pow(2L);
        Assert.True(distances.allclose(proto.Distances(zq, prototypes), 1e-4, 1e-3));
        var logp = -distances - (-distances).logsumexp(1, keepdim: true);
        Assert.True(logp.allclose(PrototypicalNetworks.LogProbabilities(proto.Distances(zq, prototypes)), 1e-4, 1e-3));
        var loss = -logp.gather(1, labels.unsqueeze(1)).mean();
        var steps = PrototypicalNetworks.Loss(PrototypicalNetworks.LogProbabilities(proto.Distances(zq, prototypes)), labels);
        Assert.Equal(loss.ToDouble(), steps.ToDouble(), 3);

        var result = proto.MetaTrainStep(batch);
        Assert.Equal(steps.ToDouble(), result.Loss, 5);
        Assert.InRange(result.Accuracy, 0, 1);
        Assert.All(proto.Embedding.parameters(), p => Assert.NotNull(p.grad));
    }

    private static bool SameTensor(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, 1e-6, 1e-6);

    [Fact]
    public void Cosine_distance_is_scaled_one_minus_cosine()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8, Distance: ProtoDistance.Cosine, CosineScale: 10));
        var q = randn(6, 8);
        var c = randn(3, 8);
        var d = proto.Distances(q, c);
        var qn = q / q.norm(1, keepdim: true);
        var cn = c / c.norm(1, keepdim: true);
        var expected = (1.0 - qn.matmul(cn.t())) * 10.0;
        Assert.True(d.allclose(expected, 1e-5, 1e-5));
        Assert.InRange(d.min().ToDouble(), 0, 20);
        Assert.InRange(d.max().ToDouble(), 0, 20);
        Assert.Contains("cosine (scale 10)", proto.ToString());
    }

    [Fact]
    public void Predict_gives_minus_squared_distances_to_each_tasks_own_prototypes()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8));
        using var batch = Batch(ways: 5, shots: 2, queries: 3, tasks: 4);
        var logits = proto.Predict(batch);
        Assert.Equal(new long[] { 4, 15, 5 }, logits.shape);
        Assert.True(proto.Embedding.training, "Predict restores the training mode");
        // Logits are minus squared distances: never positive.
        Assert.True(logits.max().ToDouble() <= 0);
        // Per-task prototypes: predicting one task alone gives the same logits as inside the batch.
        var single = proto.Predict(fixture.Omniglot, batch.Episodes[2]);
        Assert.Equal(new long[] { 15, 5 }, single.shape);
        Assert.True(single.allclose(logits[2], 1e-5, 1e-4));
    }
}
