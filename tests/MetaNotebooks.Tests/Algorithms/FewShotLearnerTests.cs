using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Baselines;
using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class FewShotLearnerTests(OmniglotFixture fixture)
{
    [Fact]
    public void Pixel_nearest_neighbour_takes_the_label_of_the_nearest_support_image()
    {
        using var scope = NewDisposeScope();
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        var episode = new EpisodeSampler(split.Test, 5, 2, 3).Sample(0, 0);
        // A query set made of the support images themselves: each is its own nearest neighbour (distance 0).
        var echo = episode with { Query = new QuerySet(episode.Support.Items), Queries = 2 };
        using var batch = TaskBatch.Create(fixture.Omniglot, [echo]);
        var nn = new PixelNearestNeighbour();
        var logits = nn.Predict(batch);
        Assert.Equal(new long[] { 1, 10, 5 }, logits.shape);
        Assert.Equal(1.0, Accuracy.Of(logits, batch.QueryLabels));
        Assert.Equal(0.0, logits.max(2).values.abs().max().ToDouble());
        // By hand for a real episode: the label of the support image nearest to query 0.
        using var real = TaskBatch.Create(fixture.Omniglot, [episode]);
        var d = (real.SupportImages[0].flatten(1) - real.QueryImages[0, 0].flatten()).pow(2L).sum(1);
        var nearestLabel = real.SupportLabels[0][d.argmin()].ToDouble();
        Assert.Equal(nearestLabel, nn.Predict(real)[0, 0].argmax().ToDouble());
        Assert.Empty(nn.ParameterGroups);
        Assert.Contains("nothing to train", Assert.Throws<NotSupportedException>(() => nn.MetaTrainStep(real)).Message);
    }

    [Fact]
    public void Pretrain_baseline_labels_images_by_global_class_and_fits_a_head_per_episode()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes).WithRotations();
        manual_seed(4);
        using var baseline = new PretrainFinetune(split.Train.Classes, new PretrainOptions(Hidden: 8, FineTuneSteps: 50));
        Assert.Equal(4112, baseline.Classes);
        using var batch = new EpisodeSampler(split.Train, 5, 1, 2).Batch(fixture.Omniglot, 0, 0, 2);
        var labels = baseline.GlobalLabels(batch);
        // Support items of both tasks, then query items: each label is the class's position in the training set.
        var first = batch.Episodes[0];
        Assert.Equal(split.Train.Classes.ToList().IndexOf(first.Classes[first.Support.Items[0].Label]), labels[0].ToDouble());
        var lastQuery = batch.Episodes[1].Query.Items[^1];
        Assert.Equal(split.Train.Classes.ToList().IndexOf(batch.Episodes[1].Classes[lastQuery.Label]), labels[labels.size(0) - 1].ToDouble());
        baseline.MetaTrainStep(batch);   // moves the batch-norm statistics before fine-tuning

        // Fine-tuning: with the support set as the query set, a fitted head classifies it (a linear head separates
        // 5 points in 8 dimensions).
        var episode = new EpisodeSampler(split.Test, 5, 1, 15).Sample(0, 0);
        using var echo = TaskBatch.Create(fixture.Omniglot, [episode with { Query = new QuerySet(episode.Support.Items), Queries = 1 }]);
        Assert.Equal(1.0, Accuracy.Of(baseline.Predict(echo), echo.QueryLabels));
        var unknown = new EpisodeSampler(split.Test, 5, 1, 1).Batch(fixture.Omniglot, 0, 0, 1);
        Assert.Contains("not one of the 4112 pretraining classes", Assert.Throws<ArgumentException>(() => baseline.GlobalLabels(unknown)).Message);
    }

    [Fact]
    public void Learners_are_made_by_name_and_unknown_names_list_the_known_ones()
    {
        Assert.Equal("protonet", Learners.Canonical("ProtoNet"));
        Assert.Equal("pretrain", Learners.Canonical("pretrain-finetune"));
        var e = Assert.Throws<ArgumentException>(() => Learners.Canonical("mamba"));
        Assert.Contains("Unknown method 'mamba'. Known methods: protonet, pretrain, maml, fomaml, anil, metasgd, reptile, siamese, matching, relation, gnn, mann, metanet, hypernet, lstm-meta.", e.Message);
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        using var proto = Learners.Create(TrainingConfig.For("protonet", ProfileName.Quick) with { Hidden = 8 }, split);
        Assert.Equal("ProtoNet", proto.Name);
        Assert.Equal("squared Euclidean", proto.Hyperparameters["distance"]);
        using var pretrain = Learners.Create(TrainingConfig.For("pretrain", ProfileName.Quick) with { Hidden = 8 }, split);
        Assert.Equal("1028 classes", pretrain.Hyperparameters["pretraining head"]);
    }

    [Fact]
    public void Profiles_pick_quick_and_full_settings_and_bad_settings_are_named()
    {
        var quick = TrainingConfig.For("protonet", ProfileName.Quick);
        var full = TrainingConfig.For("protonet", ProfileName.Full);
        Assert.Equal((20, 300, "quick"), (quick.Ways, quick.Steps, quick.Profile));
        Assert.Equal((60, 5, 5, 20_000, 2000, 0.5, "full"), (full.Ways, full.Shots, full.Queries, full.Steps, full.LearningRateStepSize, full.LearningRateGamma, full.Profile));
        var e = Assert.Throws<ArgumentException>(() => (quick with { Ways = 1, Steps = -3 }).Validate());
        Assert.Contains("ways = 1 (at least 2)", e.Message);
        Assert.Contains("steps = -3", e.Message);
    }

    [Fact]
    public void Paper_numbers_are_carried_as_data_and_rows_show_the_gap()
    {
        Assert.Equal([0.988, 0.997, 0.960, 0.989], PaperResults.ProtoNet.Select(r => r.Accuracy));
        Assert.Equal(TestProtocol.Settings, PaperResults.ProtoNet.Select(r => (r.Ways, r.Shots)));
        Assert.Null(PaperResults.Find("Pixel NN", 5, 1));
        var row = new ResultRow(new AccuracyResult("ProtoNet", 20, 1, 600, 0.95, 0.004), PaperResults.Find("protonet", 20, 1));
        Assert.Equal(-0.01, row.Gap!.Value, 12);
        Assert.Equal("ProtoNet 20-way 1-shot: 95.00% ± 0.40% (600 episodes) | paper 96.0%", row.ToString());
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes).WithRotations();
        var set = TestProtocol.Episodes(split, 20, 5);
        Assert.Equal((600, 20, 5, 15, 0L), (set.Count, set.Sampler.Ways, set.Sampler.Shots, set.Sampler.Queries, set.Seed));
        Assert.Equal(set.Fingerprint, TestProtocol.Episodes(split, 20, 5).Fingerprint);
    }
}
