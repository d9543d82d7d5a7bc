using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class AccuracyTests(OmniglotFixture fixture)
{
    [Fact]
    public void Summarize_gives_the_mean_and_the_95_percent_interval()
    {
        var r = Accuracy.Summarize("coin", 2, 1, [1, 0, 1, 0]);
        Assert.Equal(0.5, r.Mean, 12);
        Assert.Equal(1.96 * Math.Sqrt(1.0 / 3) / 2, r.Ci95, 12);
        Assert.Equal(4, r.Episodes);
        Assert.Equal(r.Mean - r.Ci95, r.Low, 12);
        Assert.Equal("coin 2-way 1-shot: 50.00% ± 56.58% (4 episodes)", r.ToString());
        Assert.Equal(0, Accuracy.Summarize("one", 5, 1, [0.8]).Ci95);
        Assert.Throws<ArgumentException>(() => Accuracy.Summarize("none", 5, 1, []));
    }

    [Fact]
    public void Of_counts_arg_max_matches()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new float[] { 2, 1, 0, 0, 1, 2, 5, 0, 0 }, [3, 3]);
        var labels = torch.tensor(new long[] { 0, 2, 1 });
        Assert.Equal(2.0 / 3, Accuracy.Of(logits, labels), 12);
        Assert.Contains("labels have shape [2]", Assert.Throws<ArgumentException>(() => Accuracy.Of(logits, torch.tensor(new long[] { 0, 1 }))).Message);
    }

    [Fact]
    public void Evaluate_scores_every_episode_of_a_fixed_set()
    {
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        var set = new EpisodeSet(new EpisodeSampler(split.Test, 5, 1, 15), seed: 0, count: 60);
        var oracle = Accuracy.Evaluate("oracle", set, fixture.Omniglot, b => torch.nn.functional.one_hot(b.QueryLabels, 5).to(ScalarType.Float32), tasks: 25);
        Assert.Equal(new AccuracyResult("oracle", 5, 1, 60, 1.0, 0.0), oracle);
        // Always answering label 0 is right on exactly 15 of 75 queries per episode.
        var zero = Accuracy.Evaluate("zero", set, fixture.Omniglot, b => torch.zeros([b.Tasks, 75, 5]), tasks: 25);
        Assert.Equal(0.2, zero.Mean, 12);
        Assert.Equal(0.0, zero.Ci95, 12);
        Assert.Equal(3, set.Batches(fixture.Omniglot, 25).Select(b => { using (b) return b.Tasks; }).Count());
    }
}
