using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>
/// Siamese networks (Koch et al. 2015): logits for every episode size, the steps by hand, the pairs, its errors, its
/// registration. The contract every method keeps is in LearnerContractTests; the support-set symmetries and the toy task in
/// SupportSetSymmetryTests.
/// </summary>
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
        var logits = siamese.Predict(batch);
        Assert.Equal(new long[] { tasks, ways * queries, ways }, logits.shape);
        Assert.True(logits.max().ToDouble() <= 0, "logits are mean log-probabilities");
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

        // A state of another size is refused before anything is loaded (another method's: LearnerContractTests).
        using var wider = new SiameseNetworks(new SiameseOptions(Hidden: 16));
        Assert.Contains("Entry embedding.body.0.weight has shape [16, 1, 3, 3]", Assert.Throws<ArgumentException>(() => siamese.load_state_dict(wider.state_dict())).Message);
    }

    [Fact]
    public void Learners_make_it_by_name_with_the_papers_numbers()
    {
        Assert.Equal("siamese", Learners.Canonical("Siamese"));
        Assert.Equal("siamese", Learners.Canonical("koch"));
        using var made = Learners.Create(TrainingConfig.For("siamese", ProfileName.Quick) with { Hidden = 8 }, Split);
        Assert.IsType<SiameseNetworks>(made);
        Assert.Equal("Siamese", made.Name);
        Assert.False(Learners.HasFixedHead("siamese"));
        Assert.Equal([0.973, 0.984, 0.882, 0.970], TestProtocol.Settings.Select(s => PaperResults.Find("Siamese", s.Ways, s.Shots)!.Accuracy));
    }
}
