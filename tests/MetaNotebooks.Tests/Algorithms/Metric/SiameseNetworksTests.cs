using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>Siamese networks (Koch et al. 2015): shapes, the steps by hand, pairs, invariances, learning, determinism, bad inputs.</summary>
[Collection(NativeCollection.Name)]
public sealed class SiameseNetworksTests(OmniglotFixture fixture)
{
    private ClassSplit Split => OmniglotSplits.Vinyals(fixture.Omniglot.Classes);

    private TaskBatch Batch(int ways, int shots, int queries, int tasks, long index = 0) =>
        new EpisodeSampler(Split.Train, ways, shots, queries).Batch(fixture.Omniglot, seed: 5, batchIndex: index, tasks);

    [Theory]
    [InlineData(5, 1, 3, 2)]
    [InlineData(5, 5, 2, 1)]
    [InlineData(20, 1, 1, 2)]
    [InlineData(3, 2, 4, 3)]
    public void Logits_have_one_column_per_class_for_every_episode_size(int ways, int shots, int queries, int tasks)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var siamese = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        using var batch = Batch(ways, shots, queries, tasks);
        var before = siamese.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var logits = siamese.Predict(batch);
        Assert.Equal(new long[] { tasks, ways * queries, ways }, logits.shape);
        Assert.False(logits.requires_grad);
        Assert.True(logits.max().ToDouble() <= 0, "logits are mean log-probabilities");
        foreach (var (name, t) in siamese.state_dict()) Assert.True(TensorAssert.Same(t, before[name]), $"Predict changed {name}");
        Assert.True(siamese.Embedding.training, "Predict restores the training mode");
        siamese.Embedding.eval();
        siamese.Predict(batch);
        Assert.False(siamese.Embedding.training, "Predict restores each part's own mode (here eval)");
        siamese.Embedding.train();
        var step = siamese.MetaTrainStep(batch);
        Assert.True(double.IsFinite(step.Loss) && step.Loss > 0, $"loss {step.Loss}");
        Assert.InRange(step.Accuracy, 0, 1);
        Assert.Equal(siamese.Embedding.parameters().Count() + 2, siamese.ParameterGroups[0].Parameters.Count);
        Assert.All(siamese.ParameterGroups[0].Parameters, p => Assert.True(p.grad is { } g && g.abs().sum().ToDouble() > 0, "every parameter gets a gradient"));
    }

    [Fact]
    public void The_steps_by_hand_give_the_training_loss_and_the_class_logits()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var siamese = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        using var batch = Batch(5, 2, 3, 1);
        siamese.Embedding.train();
        var images = cat([batch.SupportImages[0], batch.QueryImages[0]]);
        var labels = cat([batch.SupportLabels[0], batch.QueryLabels[0]]).data<long>().ToArray();
        var h = siamese.Embed(images);                                            // [25, 8]
        var (left, right, same) = SiameseNetworks.SamplePairs(labels, SiameseNetworks.PairRandom(batch.Episodes[0].Key), siamese.Options.PairsPerImage);
        var w = siamese.Head.weight!.squeeze(0);
        var b = siamese.Head.bias!;
        var logits = ((h.index_select(0, tensor(left)) - h.index_select(0, tensor(right))).abs() * w).sum(1) + b;
        Assert.True(logits.allclose(siamese.PairLogits(h.index_select(0, tensor(left)), h.index_select(0, tensor(right))), 1e-5, 1e-5));
        var p = logits.sigmoid();
        var y = tensor(same);
        var bce = -(y * p.log() + (1 - y) * (1 - p).log()).mean();
        var result = siamese.MetaTrainStep(batch);
        Assert.Equal(bce.ToDouble(), result.Loss, 4);

        // Classification: the grid of pair logits query x support, then the mean log-sigmoid over each class's 2 shots.
        var hs = h.narrow(0, 0, 10);
        var hq = h.narrow(0, 10, 15);
        var grid = siamese.PairScores(hq, hs);
        Assert.Equal(new long[] { 15, 10 }, grid.shape);
        Assert.True(grid[4, 7].allclose(siamese.PairLogits(hq.narrow(0, 4, 1), hs.narrow(0, 7, 1))[0], 1e-5, 1e-5));
        var classLogits = SiameseNetworks.ClassLogits(grid, 5, 2);
        var byHand = stack(Enumerable.Range(0, 5).Select(k => F.logsigmoid(grid.narrow(1, 2 * k, 2)).mean([1])).ToArray(), 1);
        Assert.True(classLogits.allclose(byHand, 1e-6, 1e-6));
    }

    [Fact]
    public void Pairs_are_balanced_never_an_image_with_itself_and_a_pure_function_of_the_episode_key()
    {
        long[] labels = [0, 0, 1, 1, 1, 2, 2, 3];
        var (left, right, same) = SiameseNetworks.SamplePairs(labels, SiameseNetworks.PairRandom(new EpisodeKey(3, 4)), pairsPerImage: 2);
        // Image 7 is its class's only image: it has no same-class partner, so it gets no pairs (it may still be a partner).
        Assert.Equal(2 * 2 * 7, left.Length);
        Assert.Equal(same.Count(s => s == 1), same.Count(s => s == 0));
        for (var i = 0; i < left.Length; i++)
        {
            Assert.NotEqual(left[i], right[i]);
            Assert.Equal(same[i] == 1, labels[left[i]] == labels[right[i]]);
        }
        Assert.DoesNotContain(7L, left);
        var again = SiameseNetworks.SamplePairs(labels, SiameseNetworks.PairRandom(new EpisodeKey(3, 4)), pairsPerImage: 2);
        Assert.Equal(right, again.Right);
        var other = SiameseNetworks.SamplePairs(labels, SiameseNetworks.PairRandom(new EpisodeKey(3, 5)), pairsPerImage: 2);
        Assert.NotEqual(right, other.Right);
    }

    [Fact]
    public void Predictions_ignore_the_order_of_support_images_and_follow_the_order_of_classes()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var siamese = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        var episode = new EpisodeSampler(Split.Test, 5, 3, 2).Sample(0, 1);
        var logits = siamese.Predict(fixture.Omniglot, episode);
        var shuffled = siamese.Predict(fixture.Omniglot, EpisodeEdits.ShuffleSupportWithinClasses(episode));
        Assert.True(shuffled.allclose(logits, 1e-5, 1e-6), "shuffling support images within their classes changes nothing");
        int[] permutation = [3, 0, 4, 1, 2];
        var permuted = siamese.Predict(fixture.Omniglot, EpisodeEdits.PermuteClasses(episode, permutation));
        var expected = logits.index_select(0, tensor(EpisodeEdits.OldQueryRows(episode, permutation)));
        Assert.True(permuted.index_select(1, tensor(permutation.Select(p => (long)p).ToArray())).allclose(expected, 1e-5, 1e-6),
            "relabelling the classes permutes the logit columns the same way");
    }

    /// <summary>
    /// 40 steps take a tiny twin to 100% on the toy bars over seeds 0-4 (one thread, 2026-12-04); the floor, 95%, leaves
    /// room for another CPU's summation order, not for a twin that fails to learn (chance: 20%).
    /// </summary>
    [Fact]
    public void A_tiny_twin_learns_a_separable_toy_task()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var toy = new ToyBars();
        var sampler = new EpisodeSampler(ToyBars.ClassSet, 5, 1, 5);
        manual_seed(3);
        using var siamese = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        using var adam = optim.Adam(siamese.ParameterGroups[0].Parameters, 1e-2);
        using var test = sampler.Batch(toy, seed: 99, batchIndex: 0, tasks: 10);
        var before = Accuracy.Of(siamese.Predict(test), test.QueryLabels);
        for (var step = 0; step < 40; step++)
        {
            using var stepScope = NewDisposeScope();
            using var batch = sampler.Batch(toy, seed: 1, batchIndex: step, tasks: 2);
            adam.zero_grad();
            siamese.MetaTrainStep(batch);
            adam.step();
        }
        var after = Accuracy.Of(siamese.Predict(test), test.QueryLabels);
        Assert.True(after >= 0.95, $"toy test accuracy {after:P1} after 40 steps >= 95% (before: {before:P1})");
    }

    [Fact]
    public void Same_seed_same_weights_and_steps_and_the_state_round_trips()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch(5, 1, 2, 2);
        double[] Run()
        {
            manual_seed(4);
            using var s = new SiameseNetworks(new SiameseOptions(Hidden: 8));
            using var adam = optim.Adam(s.ParameterGroups[0].Parameters, 1e-3);
            var losses = new List<double>();
            for (var i = 0; i < 3; i++) { adam.zero_grad(); losses.Add(s.MetaTrainStep(batch).Loss); adam.step(); }
            losses.AddRange(s.Predict(batch).data<float>().ToArray().Select(v => (double)v));
            return [.. losses];
        }
        Assert.Equal(Run(), Run());

        manual_seed(5);
        using var a = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        a.MetaTrainStep(batch);   // moves batch-norm statistics
        manual_seed(6);
        using var b = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        b.load_state_dict(a.state_dict());
        Assert.True(TensorAssert.Same(a.Predict(batch), b.Predict(batch)));
        Assert.Contains("embedding.body.1.running_mean", a.state_dict().Keys);
        Assert.Contains("head.weight", a.state_dict().Keys);
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        using var siamese = new SiameseNetworks(new SiameseOptions(Hidden: 8));
        var episode = new EpisodeSampler(Split.Test, 5, 2, 2).Sample(0, 0);

        using var missing = TaskBatch.Create(fixture.Omniglot, [EpisodeEdits.WithoutClass(episode, 4)]);
        var e = Assert.Throws<ArgumentException>(() => siamese.Predict(missing));
        Assert.Contains("the support set of task 0 has no image of class 4", e.Message);
        Assert.Throws<ArgumentException>(() => siamese.MetaTrainStep(missing));

        using var noShots = TaskBatch.Create(fixture.Omniglot, [EpisodeEdits.WithoutShots(episode)]);
        Assert.Contains("needs at least one support image per class, but the batch is 5-way 0-shot", Assert.Throws<ArgumentException>(() => siamese.Predict(noShots)).Message);

        using var big = new EpisodeSampler(ToyBars.ClassSet, 5, 1, 2).Batch(new ToyBars(32), 0, 0, 1);
        Assert.Contains("support images has shape [1, 5, 1, 32, 32]; expected [T, N*K, 1, 28, 28]", Assert.Throws<ArgumentException>(() => siamese.Predict(big)).Message);
        Assert.Throws<ArgumentException>(() => siamese.MetaTrainStep(big));

        Assert.Contains("right has shape [3, 7]", Assert.Throws<ArgumentException>(() => siamese.PairLogits(zeros(3, 8), zeros(3, 7))).Message);
        Assert.Contains("pairScores has shape [4, 9]; expected [M, N*K] with N*K = 5*2", Assert.Throws<ArgumentException>(() => SiameseNetworks.ClassLogits(zeros(4, 9), 5, 2)).Message);
        Assert.Contains("same has dtype Int64", Assert.Throws<ArgumentException>(() => SiameseNetworks.Loss(zeros(4), zeros(4, ScalarType.Int64))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiameseNetworks(new SiameseOptions(Hidden: 0)));

        // A state of another method, or of another size, is refused before anything is loaded.
        using var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8));
        Assert.Contains("does not fit Siamese's network", Assert.Throws<ArgumentException>(() => siamese.load_state_dict(proto.state_dict())).Message);
        using var relation = new RelationNetworks(new RelationOptions(Hidden: 8));
        Assert.Contains("Was it saved by another method", Assert.Throws<ArgumentException>(() => siamese.load_state_dict(relation.state_dict())).Message);
        using var wider = new SiameseNetworks(new SiameseOptions(Hidden: 16));
        Assert.Contains("Entry embedding.body.0.weight has shape [16, 1, 3, 3]", Assert.Throws<ArgumentException>(() => siamese.load_state_dict(wider.state_dict())).Message);
    }

    [Fact]
    public void Learners_make_it_by_name_with_quick_and_full_defaults()
    {
        Assert.Equal("siamese", Learners.Canonical("Siamese"));
        Assert.Equal("siamese", Learners.Canonical("koch"));
        Assert.Contains("siamese", Learners.Known);
        using var made = Learners.Create(TrainingConfig.For("siamese", ProfileName.Quick) with { Hidden = 8 }, Split);
        Assert.IsType<SiameseNetworks>(made);
        Assert.Equal("Siamese", made.Name);
        Assert.Equal(5, Learners.EvaluationWays(TrainingConfig.For("siamese", ProfileName.Quick)));
        Assert.False(Learners.HasFixedHead("siamese"));
        var full = TrainingConfig.For("siamese", ProfileName.Full);
        Assert.Equal("full", full.Profile);
        Assert.True(full.Steps > TrainingConfig.For("siamese", ProfileName.Quick).Steps);
        Assert.Equal([0.973, 0.984, 0.882, 0.970], TestProtocol.Settings.Select(s => PaperResults.Find("Siamese", s.Ways, s.Shots)!.Accuracy));
    }
}
