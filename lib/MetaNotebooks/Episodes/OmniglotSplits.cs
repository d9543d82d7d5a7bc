using MetaNotebooks.Data;
using MetaNotebooks.Randomness;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// The class splits of the Omniglot literature. Every split starts from the characters sorted ordinally by id
/// ("Alphabet/characterNN") and shuffles with <see cref="SplitMix64"/>, so a seed gives the same split on every
/// machine and .NET version. Add rotations with <see cref="ClassSplit.WithRotations"/>.
/// </summary>
public static class OmniglotSplits
{
    private const ulong Stream = 0x5B17;

    /// <summary>Lake et al.'s split: train on the background set (964 characters), test on the evaluation set (659); no validation.</summary>
    public static ClassSplit Lake(IReadOnlyList<OmniglotClass> classes)
    {
        var sorted = Sorted(classes);
        return new ClassSplit("lake", null,
            new ClassSet("train", sorted.Where(c => c.Set == OmniglotSet.Background).Select(ToEpisodeClass).ToArray()),
            new ClassSet("validation", []),
            new ClassSet("test", sorted.Where(c => c.Set == OmniglotSet.Evaluation).Select(ToEpisodeClass).ToArray()));
    }

    /// <summary>
    /// The 1028 / 172 / 423 character split of Vinyals et al. (2016) as used by Ravi &amp; Larochelle and Snell et al.:
    /// the 1,623 characters shuffled with <paramref name="seed"/>, then cut. (The papers' own character lists depend on
    /// their code's random generators; the sizes and the protocol are what carry over.)
    /// </summary>
    public static ClassSplit Vinyals(IReadOnlyList<OmniglotClass> classes, long seed = 0) => Shuffled("vinyals", classes, seed, 1028, 172, 423);

    /// <summary>MAML's split (Finn et al. 2017): the 1,623 characters shuffled with <paramref name="seed"/>, cut 1100 / 100 / 423.</summary>
    public static ClassSplit Maml(IReadOnlyList<OmniglotClass> classes, long seed = 0) => Shuffled("maml", classes, seed, 1100, 100, 423);

    /// <summary>Any sizes: the characters shuffled with <paramref name="seed"/>, then cut into train, validation and test.</summary>
    public static ClassSplit Random(IReadOnlyList<OmniglotClass> classes, long seed, int train, int validation, int test) =>
        Shuffled("random", classes, seed, train, validation, test);

    /// <summary>
    /// A split by alphabet: the alphabets (sorted ordinally) shuffled with <paramref name="seed"/> and cut into
    /// <paramref name="trainAlphabets"/>, <paramref name="validationAlphabets"/> and the rest for test, so test
    /// characters come from alphabets never seen in training.
    /// </summary>
    public static ClassSplit ByAlphabet(IReadOnlyList<OmniglotClass> classes, long seed = 0, int trainAlphabets = 30, int validationAlphabets = 5)
    {
        var sorted = Sorted(classes);
        var alphabets = sorted.Select(c => c.Alphabet).Distinct().ToList();
        if (trainAlphabets < 1 || validationAlphabets < 0 || trainAlphabets + validationAlphabets >= alphabets.Count)
            throw new ArgumentOutOfRangeException(nameof(trainAlphabets),
                Invariant($"An alphabet split of {alphabets.Count} alphabets needs at least 1 train and 1 test alphabet: ") +
                Invariant($"{trainAlphabets} train + {validationAlphabets} validation leaves {alphabets.Count - trainAlphabets - validationAlphabets} for test."));
        SplitMix64.ForKey(seed, 1, Stream).Shuffle(alphabets);
        var part = alphabets.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i < trainAlphabets ? 0 : x.i < trainAlphabets + validationAlphabets ? 1 : 2, StringComparer.Ordinal);
        ClassSet Part(string name, int p) => new(name, sorted.Where(c => part[c.Alphabet] == p).Select(ToEpisodeClass).ToArray());
        return new ClassSplit("alphabet", seed, Part("train", 0), Part("validation", 1), Part("test", 2));
    }

    private static ClassSplit Shuffled(string name, IReadOnlyList<OmniglotClass> classes, long seed, int train, int validation, int test)
    {
        if (train < 0 || validation < 0 || test < 0)
            throw new ArgumentOutOfRangeException(nameof(train), Invariant($"Split sizes must be non-negative: {train} / {validation} / {test}."));
        if (train + validation + test != classes.Count)
            throw new ArgumentException(
                Invariant($"The {name} split cuts {train + validation + test} characters into {train} / {validation} / {test}, but {classes.Count} were given. ") +
                "Pass all of Omniglot.Classes (1,623), or use OmniglotSplits.Random with sizes that add up.", nameof(classes));
        var order = Sorted(classes).Select(ToEpisodeClass).ToList();
        SplitMix64.ForKey(seed, 0, Stream).Shuffle(order);
        return new ClassSplit(name, seed,
            new ClassSet("train", order.Take(train).ToArray()),
            new ClassSet("validation", order.Skip(train).Take(validation).ToArray()),
            new ClassSet("test", order.Skip(train + validation).ToArray()));
    }

    private static List<OmniglotClass> Sorted(IReadOnlyList<OmniglotClass> classes)
    {
        var sorted = classes.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Id == sorted[i - 1].Id)
                throw new ArgumentException(Invariant($"Class {sorted[i].Id} appears twice; a split needs distinct classes."), nameof(classes));
        return sorted;
    }

    private static EpisodeClass ToEpisodeClass(OmniglotClass c) => new(c.Index, c.Id, c.Alphabet);
}
