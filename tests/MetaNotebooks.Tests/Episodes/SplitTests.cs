using MetaNotebooks.Data;
using MetaNotebooks.Episodes;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class SplitTests(OmniglotFixture fixture)
{
    private IReadOnlyList<OmniglotClass> Classes => fixture.Omniglot.Classes;

    private static void AssertDisjointAndComplete(ClassSplit split, int total)
    {
        var all = split.Parts.SelectMany(p => p.Classes).ToList();
        Assert.Equal(total, all.Count);
        Assert.Equal(total, all.Distinct().Count());
    }

    [Fact]
    public void Lake_splits_background_from_evaluation()
    {
        var split = OmniglotSplits.Lake(Classes);
        Assert.Equal((964, 0, 659), (split.Train.Count, split.Validation.Count, split.Test.Count));
        Assert.All(split.Train.Classes, c => Assert.Equal(OmniglotSet.Background, Classes[c.Class].Set));
        Assert.All(split.Test.Classes, c => Assert.Equal(OmniglotSet.Evaluation, Classes[c.Class].Set));
        Assert.Equal(20, split.Test.AlphabetCount);
        Assert.Null(split.Seed);
        AssertDisjointAndComplete(split, 1623);
        Assert.Equal(0, split.SharedAlphabets);
        Assert.StartsWith("lake split (no seed): train 964, validation 0, test 659 classes; alphabets disjoint across parts; fingerprint ", split.ToString());
    }

    [Theory]
    [InlineData("vinyals", 1028, 172, 423)]
    [InlineData("maml", 1100, 100, 423)]
    public void Shuffled_splits_have_the_papers_sizes_and_depend_only_on_the_seed(string name, int train, int validation, int test)
    {
        ClassSplit Make(long seed) => name == "vinyals" ? OmniglotSplits.Vinyals(Classes, seed) : OmniglotSplits.Maml(Classes, seed);
        var split = Make(0);
        Assert.Equal((train, validation, test), (split.Train.Count, split.Validation.Count, split.Test.Count));
        AssertDisjointAndComplete(split, 1623);
        Assert.Equal(split.Fingerprint, Make(0).Fingerprint);
        Assert.Equal(split.Test.Classes.Select(c => c.Name), Make(0).Test.Classes.Select(c => c.Name));
        Assert.NotEqual(split.Fingerprint, Make(1).Fingerprint);
        // Shuffled: the test part mixes both halves of Omniglot, and alphabets.
        Assert.Contains(split.Test.Classes, c => Classes[c.Class].Set == OmniglotSet.Background);
        Assert.Contains(split.Test.Classes, c => Classes[c.Class].Set == OmniglotSet.Evaluation);
        Assert.StartsWith($"{name} split (seed 0): train {train}, validation {validation}, test {test} classes; 50 alphabets shared across parts", split.ToString());
        // The input order does not matter: classes are sorted before the shuffle.
        Assert.Equal(split.Fingerprint, (name == "vinyals" ? OmniglotSplits.Vinyals(Classes.Reverse().ToArray(), 0) : OmniglotSplits.Maml(Classes.Reverse().ToArray(), 0)).Fingerprint);
    }

    [Fact]
    public void Rotations_multiply_classes_by_four_within_each_part()
    {
        var plain = OmniglotSplits.Vinyals(Classes);
        var rotated = plain.WithRotations();
        Assert.Equal((4112, 688, 1692), (rotated.Train.Count, rotated.Validation.Count, rotated.Test.Count));
        AssertDisjointAndComplete(rotated, 4 * 1623);
        foreach (var (p, r) in plain.Parts.Zip(rotated.Parts))
        {
            var names = p.Classes.Select(c => c.Name).ToHashSet();
            Assert.All(r.Classes, c => Assert.Contains(c.Name, names));
            Assert.Equal(new[] { 0, 90, 180, 270 }, r.Classes.Where(c => c.Name == p.Classes[0].Name).Select(c => c.Rotation));
        }
        Assert.Contains("x4 rotations", rotated.ToString());
        Assert.Equal("Latin/character01 rot90", new EpisodeClass(0, "Latin/character01", "Latin", 90).ToString());
        Assert.Throws<InvalidOperationException>(() => rotated.WithRotations());
    }

    [Fact]
    public void Alphabet_split_keeps_alphabets_apart()
    {
        var split = OmniglotSplits.ByAlphabet(Classes, seed: 4, trainAlphabets: 30, validationAlphabets: 5);
        var alphabets = split.Parts.Select(p => p.Classes.Select(c => c.Alphabet).ToHashSet()).ToArray();
        Assert.Equal((30, 5, 15), (alphabets[0].Count, alphabets[1].Count, alphabets[2].Count));
        Assert.Empty(alphabets[0].Intersect(alphabets[1]));
        Assert.Empty(alphabets[0].Intersect(alphabets[2]));
        Assert.Empty(alphabets[1].Intersect(alphabets[2]));
        AssertDisjointAndComplete(split, 1623);
        Assert.Equal(0, split.SharedAlphabets);
        Assert.Contains("alphabets disjoint across parts", split.ToString());
        Assert.Equal(split.Fingerprint, OmniglotSplits.ByAlphabet(Classes, seed: 4).Fingerprint);
        Assert.NotEqual(split.Fingerprint, OmniglotSplits.ByAlphabet(Classes, seed: 5).Fingerprint);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => OmniglotSplits.ByAlphabet(Classes, trainAlphabets: 45, validationAlphabets: 5));
        Assert.Contains("45 train + 5 validation leaves 0 for test", e.Message);
    }

    [Fact]
    public void Wrong_sizes_are_explained()
    {
        var e = Assert.Throws<ArgumentException>(() => OmniglotSplits.Vinyals(Classes.Take(100).ToArray()));
        Assert.Contains("1623 characters into 1028 / 172 / 423, but 100 were given", e.Message);
        var custom = OmniglotSplits.Random(Classes.Take(100).ToArray(), seed: 3, 60, 20, 20);
        Assert.Equal((60, 20, 20), (custom.Train.Count, custom.Validation.Count, custom.Test.Count));
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => OmniglotSplits.Lake([.. Classes, Classes[0]])).Message);
    }

    [Fact]
    public void Known_fingerprints_do_not_drift()
    {
        // Pinned values: a change here means every published split and fixed test set changed.
        Assert.Equal(GoldenFingerprints.Vinyals0, OmniglotSplits.Vinyals(Classes, 0).Fingerprint);
        Assert.Equal(GoldenFingerprints.Maml1, OmniglotSplits.Maml(Classes, 1).Fingerprint);
    }
}
