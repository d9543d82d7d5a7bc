using MetaNotebooks.Algorithms;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// The methods whose head takes any N and reads each class's support images as a set (a prototype, a sum, a mean of
/// pair scores, a generated head row per class): reordering a class's support images changes nothing and relabelling
/// the classes permutes the logit columns the same way; and two of them, tiny, learn the toy bars within a few dozen
/// steps. The learners are made by the registry, as <c>metanb</c> makes them (8 filters).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class SupportSetSymmetryTests(OmniglotFixture fixture)
{
    private static IFewShotLearner Tiny(string method, long seed, ClassSplit split)
    {
        manual_seed(seed);
        return Learners.Create(TrainingConfig.For(method, ProfileName.Quick) with { Hidden = 8 }, split);
    }

    [Theory]
    [InlineData("protonet")]
    [InlineData("siamese")]
    [InlineData("matching")]
    [InlineData("relation")]
    [InlineData("hypernet")]
    public void Predictions_ignore_the_order_of_support_images_and_follow_the_order_of_classes(string method)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        using var learner = Tiny(method, 2, split);
        var episode = new EpisodeSampler(split.Test, 5, 3, 2).Sample(0, 1);
        var logits = learner.Predict(fixture.Omniglot, episode);
        var shuffled = learner.Predict(fixture.Omniglot, EpisodeEdits.ShuffleSupportWithinClasses(episode));
        Assert.True(shuffled.allclose(logits, 1e-5, 1e-6), "shuffling support images within their classes changes nothing");
        int[] permutation = [2, 4, 0, 1, 3];
        var permuted = learner.Predict(fixture.Omniglot, EpisodeEdits.PermuteClasses(episode, permutation));
        var expected = logits.index_select(0, tensor(EpisodeEdits.OldQueryRows(episode, permutation)));
        Assert.True(permuted.index_select(1, tensor(permutation.Select(p => (long)p).ToArray())).allclose(expected, 1e-5, 1e-6),
            "relabelling the classes permutes the logit columns the same way");
    }

    /// <summary>
    /// A few dozen steps of Adam 1e-2 take a tiny relation network (60 steps) or a tiny twin (40 steps) to 100% on the toy
    /// bars over seeds 0-4 (one thread, 2026-12-04); the floor, 95%, leaves room for another CPU's summation order, not for
    /// a network that fails to learn (chance: 20%).
    /// </summary>
    [Theory]
    [InlineData("relation", 60)]
    [InlineData("siamese", 40)]
    public void A_tiny_model_learns_a_separable_toy_task(string method, int steps)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var toy = new ToyBars();
        var sampler = new EpisodeSampler(ToyBars.ClassSet, 5, 1, 5);
        using var learner = Tiny(method, 3, OmniglotSplits.Vinyals(fixture.Omniglot.Classes));
        using var adam = optim.Adam(learner.ParameterGroups[0].Parameters, 1e-2);
        using var test = sampler.Batch(toy, seed: 99, batchIndex: 0, tasks: 10);
        var before = Accuracy.Of(learner.Predict(test), test.QueryLabels);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            using var batch = sampler.Batch(toy, seed: 1, batchIndex: step, tasks: 2);
            adam.zero_grad();
            learner.MetaTrainStep(batch);
            adam.step();
        }
        var after = Accuracy.Of(learner.Predict(test), test.QueryLabels);
        Assert.True(after >= 0.95, $"{method}: toy test accuracy {after:P1} after {steps} steps >= 95% (before: {before:P1})");
    }
}
