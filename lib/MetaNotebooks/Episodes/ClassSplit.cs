using System.Security.Cryptography;
using System.Text;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// A split of the classes into train, validation and test parts (disjoint). Made by <see cref="OmniglotSplits"/>;
/// the same name and seed give the same split on every machine. Prints its sizes, its seed and a fingerprint.
/// </summary>
/// <param name="Name">Which protocol: "lake", "vinyals", "maml", "alphabet", ...</param>
/// <param name="Seed">The seed of the shuffle, or null for a split that has none (Lake's).</param>
/// <param name="Train">Classes to meta-train on.</param>
/// <param name="Validation">Classes to select models on (may be empty).</param>
/// <param name="Test">Classes to report on.</param>
/// <param name="Rotated">True when each character appears as four classes (0/90/180/270 degrees).</param>
public sealed record ClassSplit(string Name, long? Seed, ClassSet Train, ClassSet Validation, ClassSet Test, bool Rotated = false)
{
    /// <summary>The three parts in order.</summary>
    public IReadOnlyList<ClassSet> Parts => [Train, Validation, Test];

    /// <summary>
    /// How many alphabets have characters in more than one part: 0 for Lake's and alphabet splits (test alphabets are
    /// unseen in training), most alphabets for character splits (Vinyals', MAML's), whose test characters come from
    /// alphabets seen in training. <see cref="ToString"/> states it, so a split never mixes alphabets silently.
    /// </summary>
    public int SharedAlphabets =>
        Parts.SelectMany(p => p.Classes.Select(c => c.Alphabet).Distinct()).GroupBy(a => a, StringComparer.Ordinal).Count(g => g.Count() > 1);

    /// <summary>
    /// The rotation-augmented split (the standard protocol of Santoro et al. / Vinyals et al.): every class becomes four,
    /// rotated by 0, 90, 180 and 270 degrees; rotations of a character stay in its part.
    /// </summary>
    public ClassSplit WithRotations()
    {
        if (Rotated) throw new InvalidOperationException(Invariant($"The {Name} split is already rotation-augmented."));
        static ClassSet Rotate(ClassSet set) => set with
        {
            Classes = set.Classes.SelectMany(c => new[] { 0, 90, 180, 270 }.Select(r => c with { Rotation = r })).ToArray(),
        };
        return this with { Train = Rotate(Train), Validation = Rotate(Validation), Test = Rotate(Test), Rotated = true };
    }

    /// <summary>
    /// First 16 hex digits of a SHA-256 over every class of every part, in order: equal fingerprints mean equal
    /// splits (compare with a classmate's, or across machines).
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder();
            foreach (var part in Parts)
            {
                text.Append('[').Append(part.Name).Append("]\n");
                foreach (var c in part.Classes) text.Append(c).Append('\n');
            }
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }

    /// <summary>"vinyals split (seed 0): train 1028, validation 172, test 423 classes; 50 alphabets shared across parts; fingerprint 1a2b...".</summary>
    public override string ToString() =>
        Invariant($"{Name} split ({(Seed is { } s ? Invariant($"seed {s}") : "no seed")}{(Rotated ? ", x4 rotations" : "")}): ") +
        Invariant($"train {Train.Count}, validation {Validation.Count}, test {Test.Count} classes; ") +
        (SharedAlphabets == 0 ? "alphabets disjoint across parts" : Invariant($"{SharedAlphabets} alphabets shared across parts")) +
        Invariant($"; fingerprint {Fingerprint}");
}
