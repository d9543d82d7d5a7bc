using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class EpisodeSamplerTests(OmniglotFixture fixture)
{
    private ClassSplit Split => OmniglotSplits.Vinyals(fixture.Omniglot.Classes);

    [Theory]
    [InlineData(5, 1, 15)]
    [InlineData(20, 5, 15)]
    [InlineData(5, 5, 5)]
    public void Episodes_have_n_classes_k_shots_q_queries_and_disjoint_drawings(int ways, int shots, int queries)
    {
        var sampler = new EpisodeSampler(Split.Train, ways, shots, queries);
        for (var index = 0; index < 50; index++)
        {
            var e = sampler.Sample(3, index);
            Assert.Equal(new EpisodeKey(3, index), e.Key);
            Assert.Equal(ways, e.Classes.Count);
            Assert.Equal(ways, e.Classes.Distinct().Count());
            Assert.All(e.Classes, c => Assert.Contains(c, Split.Train.Classes));
            Assert.Equal(ways * shots, e.Support.Count);
            Assert.Equal(ways * queries, e.Query.Count);
            // Label-major, labels 0..N-1, K (or Q) each.
            Assert.Equal(Enumerable.Range(0, ways).SelectMany(l => Enumerable.Repeat((long)l, shots)), e.Support.Labels);
            Assert.Equal(Enumerable.Range(0, ways).SelectMany(l => Enumerable.Repeat((long)l, queries)), e.Query.Labels);
            for (var label = 0; label < ways; label++)
            {
                var s = e.Support.Items.Where(i => i.Label == label).Select(i => i.Drawing).ToList();
                var q = e.Query.Items.Where(i => i.Label == label).Select(i => i.Drawing).ToList();
                Assert.Equal(shots + queries, s.Concat(q).Distinct().Count());
                Assert.All(s.Concat(q), d => Assert.InRange(d, 0, 19));
            }
            Assert.Empty(e.Support.ImageIds.Intersect(e.Query.ImageIds));
            Assert.All(e.Support.Items, i => Assert.Equal(e.Classes[i.Label].Class * 20L + i.Drawing, i.ImageId));
        }
    }

    [Fact]
    public void An_episode_is_a_pure_function_of_its_key()
    {
        var sampler = new EpisodeSampler(Split.Test, 5, 1, 15);
        var later = sampler.Sample(0, 41).Details;
        var forward = sampler.Sample(0, 0, 50);
        Assert.Equal(later, forward[41].Details);
        Assert.Equal(later, new EpisodeSampler(Split.Test, 5, 1, 15).Sample(new EpisodeKey(0, 41)).Details);
        Assert.NotEqual(later, sampler.Sample(1, 41).Details);
        Assert.Equal(50, forward.Select(e => e.Details).Distinct().Count());
        var text = forward[0].ToString();
        Assert.StartsWith("Episode (seed 0, #0): 5-way 1-shot 15-query [0: ", text);
        Assert.Contains("support (5): 0:#", forward[0].Details);
        Assert.Contains("query (75): 0:#", forward[0].Details);
    }

    [Fact]
    public void Labels_are_assigned_in_a_shuffled_order()
    {
        // If labels followed the split's order, label 0 would always be the earliest class. Count how often it is.
        var sampler = new EpisodeSampler(Split.Train, 5, 1, 1);
        var position = Split.Train.Classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var sorted = Enumerable.Range(0, 200).Count(i =>
        {
            var order = sampler.Sample(0, i).Classes.Select(c => position[c]).ToList();
            return order.SequenceEqual(order.Order());
        });
        Assert.InRange(sorted, 0, 10); // 1/120 of 200 expected
    }

    [Fact]
    public void Every_class_is_drawn_over_many_episodes()
    {
        var sampler = new EpisodeSampler(Split.Test, 20, 1, 1);
        var seen = Enumerable.Range(0, 500).SelectMany(i => sampler.Sample(0, i).Classes).ToHashSet();
        Assert.Equal(Split.Test.Count, seen.Count);
    }

    [Fact]
    public void Same_alphabet_episodes_share_one_alphabet()
    {
        var lake = OmniglotSplits.Lake(fixture.Omniglot.Classes);
        var sampler = new EpisodeSampler(lake.Test, 20, 1, 5, sameAlphabet: true);
        var alphabets = Enumerable.Range(0, 100).Select(i => sampler.Sample(0, i)).Select(e =>
        {
            Assert.Single(e.Classes.Select(c => c.Alphabet).Distinct());
            return e.Classes[0].Alphabet;
        }).ToHashSet();
        Assert.True(alphabets.Count > 5, $"episodes should come from many alphabets, got {alphabets.Count}");
        Assert.Contains("(same alphabet)", sampler.ToString());
    }

    [Fact]
    public void Impossible_requests_name_the_numbers()
    {
        var split = Split;
        string Message(Action a) => Assert.Throws<ArgumentOutOfRangeException>(a).Message;
        Assert.Contains("ways (N) = 0", Message(() => _ = new EpisodeSampler(split.Test, 0, 1, 15)));
        Assert.Contains("shots (K) = -1, queries (Q) = 0", Message(() => _ = new EpisodeSampler(split.Test, 5, -1, 0)));
        var tooWide = Message(() => _ = new EpisodeSampler(split.Test, 500, 1, 15));
        Assert.Contains("A 500-way episode needs 500 classes, but the test set has only 423", tooWide);
        var tooDeep = Message(() => _ = new EpisodeSampler(split.Test, 5, 5, 16));
        Assert.Contains("5 shots + 16 queries = 21 drawings per class, but each class has only 20", tooDeep);
        Assert.Contains("at most 15 queries", tooDeep);
        var lake = OmniglotSplits.Lake(fixture.Omniglot.Classes);
        Assert.Contains("the validation set has only 0", Message(() => _ = new EpisodeSampler(lake.Validation, 5, 1, 1)));
        var alphabet = Message(() => _ = new EpisodeSampler(lake.Test, 48, 1, 1, sameAlphabet: true));
        Assert.Contains("need an alphabet with 48 classes", alphabet);
        Assert.Contains("has 47", alphabet); // Malayalam, the largest evaluation alphabet
        var sampler = new EpisodeSampler(split.Test, 5, 1, 15);
        Assert.Contains("at least one task, not 0", Message(() => sampler.Batch(fixture.Omniglot, 0, 0, tasks: 0)));
        Assert.Contains("at least one episode, not -1", Message(() => _ = new EpisodeSet(sampler, 0, count: -1)));
        Assert.Contains("0, 90, 180 or 270", Message(() => _ = new EpisodeClass(0, "Latin/character01", "Latin", 45)));
    }

    [Fact]
    public void The_exposed_generator_rebuilds_an_episode_by_hand()
    {
        var sampler = new EpisodeSampler(Split.Train, 5, 1, 3);
        var key = new EpisodeKey(7, 12);
        var rng = EpisodeSampler.Generator(key);
        var classes = rng.Choose(Split.Train.Count, 5).Select(i => Split.Train[i]).ToArray();
        var drawings = classes.Select(_ => rng.Choose(20, 1 + 3)).ToArray();
        var episode = sampler.Sample(key);
        Assert.Equal(classes, episode.Classes);
        Assert.Equal(drawings.Select(d => d[0]), episode.Support.Items.Select(i => i.Drawing));
        Assert.Equal(drawings.SelectMany(d => d.Skip(1)), episode.Query.Items.Select(i => i.Drawing));
    }

    [Fact]
    public void A_fixed_evaluation_set_is_reproducible()
    {
        var rotated = Split.WithRotations();
        var a = new EpisodeSet(new EpisodeSampler(rotated.Test, 5, 1, 15), seed: 0, count: 600);
        var b = new EpisodeSet(new EpisodeSampler(rotated.Test, 5, 1, 15), seed: 0, count: 600);
        Assert.Equal(600, a.Count);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a.Episodes.Select(e => e.Details), b.Episodes.Select(e => e.Details));
        Assert.NotEqual(a.Fingerprint, new EpisodeSet(new EpisodeSampler(rotated.Test, 5, 1, 15), seed: 1, count: 600).Fingerprint);
        Assert.Equal(GoldenFingerprints.Test600FiveWayOneShot, a.Fingerprint);
        Assert.StartsWith("600 episodes (seed 0) of 5-way 1-shot 15-query episodes from test: 1692 classes", a.ToString());
        Assert.Contains(a.Episodes, e => e.Classes.Any(c => c.Rotation != 0));
    }
}
