using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// Relation Networks (Sung et al. 2018): scores for every episode size, the steps by hand, its errors, its registration. The
/// contract every method keeps is in LearnerContractTests; the support-set symmetries and the toy task in SupportSetSymmetryTests.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class RelationNetworksTests(OmniglotFixture fixture)
{
    private ClassSplit Split => OmniglotSplits.Vinyals(fixture.Omniglot.Classes);

    private TaskBatch Batch(int ways, int shots, int queries, int tasks, long index = 0) =>
        new EpisodeSampler(Split.Train, ways, shots, queries).Batch(fixture.Omniglot, seed: 6, batchIndex: index, tasks);

    [Theory]
    [InlineData(5, 1, 3, 2)]
    [InlineData(5, 5, 2, 1)]
    [InlineData(20, 1, 1, 2)]
    [InlineData(3, 2, 4, 3)]
    public void Scores_have_one_column_per_class_for_every_episode_size(int ways, int shots, int queries, int tasks)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var relation = new RelationNetworks(new RelationOptions(Hidden: 8));
        using var batch = Batch(ways, shots, queries, tasks);
        var scores = relation.Predict(batch);
        Assert.Equal(new long[] { tasks, ways * queries, ways }, scores.shape);
        Assert.InRange(scores.min().ToDouble(), 0, 1);
        Assert.InRange(scores.max().ToDouble(), 0, 1);
        Assert.True(relation.Embedding.training, "Predict restores the training mode");
        relation.Embedding.eval();
        relation.Predict(batch);
        Assert.False(relation.Embedding.training, "Predict restores each part's own mode (here eval)");
        relation.Embedding.train();
        var step = relation.MetaTrainStep(batch);
        Assert.True(double.IsFinite(step.Loss) && step.Loss > 0 && step.Loss < 1, $"loss {step.Loss}");
        Assert.All(relation.ParameterGroups[0].Parameters, p => Assert.True(p.grad is { } g && g.abs().sum().ToDouble() > 0, "every parameter gets a gradient"));
        Assert.Equal(relation.Embedding.parameters().Count() + relation.Relation.parameters().Count(), relation.ParameterGroups[0].Parameters.Count);
    }

    [Fact]
    public void The_steps_by_hand_give_the_training_loss()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var relation = new RelationNetworks(new RelationOptions(Hidden: 8));
        using var batch = Batch(5, 3, 2, 1);
        relation.Embedding.train();
        relation.Relation.train();
        var features = relation.Embed(cat([batch.SupportImages[0], batch.QueryImages[0]]));
        Assert.Equal(new long[] { 25, 8, 5, 5 }, features.shape);   // 28 -> 26 -> 13 -> 11 -> 5, then two unpooled blocks
        var support = features.narrow(0, 0, 15);
        var query = features.narrow(0, 15, 10);
        var classes = stack(Enumerable.Range(0, 5).Select(k => support[3 * k] + support[3 * k + 1] + support[3 * k + 2]).ToArray());
        Assert.True(classes.allclose(RelationNetworks.ClassFeatures(support, 5, 3), 1e-5, 1e-6));
        var pairs = RelationNetworks.Pairs(classes, query);
        Assert.Equal(new long[] { 50, 16, 5, 5 }, pairs.shape);
        Assert.True(TensorAssert.Same(pairs[7], cat([classes[2], query[1]])), "row m * N + k pairs class k with query m, class first");
        var scores = relation.RelationScores(pairs, 5);
        Assert.Equal(new long[] { 10, 5 }, scores.shape);
        var labels = batch.QueryLabels[0];
        var oneHot = zeros(10, 5).scatter(1, labels.unsqueeze(1), ones(10, 1));
        var mse = (scores - oneHot).pow(2).mean();
        Assert.Equal(mse.ToDouble(), RelationNetworks.Loss(scores, labels).ToDouble(), 6);
        var result = relation.MetaTrainStep(batch);
        Assert.Equal(mse.ToDouble(), result.Loss, 5);
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        using var relation = new RelationNetworks(new RelationOptions(Hidden: 8));
        var episode = new EpisodeSampler(Split.Test, 5, 2, 2).Sample(0, 0);

        using var missing = TaskBatch.Create(fixture.Omniglot, [EpisodeEdits.WithoutClass(episode, 2)]);
        Assert.Contains("Relation: the support set of task 0 has no image of class 2", Assert.Throws<ArgumentException>(() => relation.Predict(missing)).Message);
        Assert.Throws<ArgumentException>(() => relation.MetaTrainStep(missing));

        using var noShots = TaskBatch.Create(fixture.Omniglot, [EpisodeEdits.WithoutShots(episode)]);
        Assert.Contains("Relation needs at least one support image per class", Assert.Throws<ArgumentException>(() => relation.MetaTrainStep(noShots)).Message);

        using var big = new EpisodeSampler(ToyBars.ClassSet, 5, 1, 2).Batch(new ToyBars(36), 0, 0, 1);
        Assert.Contains("expected [T, N*K, 1, 28, 28]", Assert.Throws<ArgumentException>(() => relation.Predict(big)).Message);
        Assert.Throws<ArgumentException>(() => relation.MetaTrainStep(big));

        Assert.Contains("queryFeatures has shape [3, 8, 4, 4]", Assert.Throws<ArgumentException>(() => RelationNetworks.Pairs(zeros(5, 8, 5, 5), zeros(3, 8, 4, 4))).Message);
        Assert.Contains("supportFeatures has shape [4, 8, 5, 5]; expected [N*K, C, h, w] with N*K = 5*1", Assert.Throws<ArgumentException>(() => RelationNetworks.ClassFeatures(zeros(4, 8, 5, 5), 5, 1)).Message);
        Assert.Contains("not a multiple of the 5 classes", Assert.Throws<ArgumentException>(() => relation.RelationScores(zeros(12, 16, 5, 5), 5)).Message);
        Assert.Contains("pairs has shape [10, 8, 5, 5]", Assert.Throws<ArgumentException>(() => relation.RelationScores(zeros(10, 8, 5, 5), 5)).Message);
        Assert.Contains("labels must lie in 0..4", Assert.Throws<ArgumentException>(() => RelationNetworks.Loss(zeros(3, 5), tensor(new long[] { 0, 5, 1 }))).Message);
        Assert.Contains("RelationEmbedding wants images [M, 1, H, W]; got shape [2, 3, 28, 28]", Assert.Throws<ArgumentException>(() => relation.Embed(zeros(2, 3, 28, 28))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelationNetworks(new RelationOptions(RelationHidden: 0)));

        // A state of another size (another method's: LearnerContractTests).
        using var wider = new RelationNetworks(new RelationOptions(Hidden: 8, RelationHidden: 16));
        Assert.Contains("Entry relation.fc.0.weight has shape [16, 8]", Assert.Throws<ArgumentException>(() => relation.load_state_dict(wider.state_dict())).Message);
    }

    [Fact]
    public void Learners_make_it_by_name_with_the_papers_settings_in_full()
    {
        Assert.Equal("relation", Learners.Canonical("Relation"));
        Assert.Equal("relation", Learners.Canonical("relation-networks"));
        using var made = Learners.Create(TrainingConfig.For("relation", ProfileName.Quick) with { Hidden = 8 }, Split);
        Assert.IsType<RelationNetworks>(made);
        Assert.Equal("Relation", made.Name);
        var full = TrainingConfig.For("relation", ProfileName.Full);
        Assert.Equal((5, 1, 19, 1_000_000, 100_000, 0.5, 1e-3), (full.Ways, full.Shots, full.Queries, full.Steps, full.LearningRateStepSize, full.LearningRateGamma, full.LearningRate));
        Assert.Equal([0.996, 0.998, 0.976, 0.991], TestProtocol.Settings.Select(s => PaperResults.Find("Relation", s.Ways, s.Shots)!.Accuracy));
    }
}
