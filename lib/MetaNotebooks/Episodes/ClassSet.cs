using static System.FormattableString;
namespace MetaNotebooks.Episodes;

/// <summary>The classes of one part of a split (train, validation or test), in a fixed order.</summary>
/// <param name="Name">"train", "validation" or "test".</param>
/// <param name="Classes">The classes, in the split's order.</param>
public sealed record ClassSet(string Name, IReadOnlyList<EpisodeClass> Classes)
{
    /// <summary>Number of classes.</summary>
    public int Count => Classes.Count;

    /// <summary>Number of distinct alphabets among the classes.</summary>
    public int AlphabetCount => Classes.Select(c => c.Alphabet).Distinct().Count();

    /// <summary>The classes by position.</summary>
    public EpisodeClass this[int index] => Classes[index];

    /// <summary>"test: 423 classes from 38 alphabets".</summary>
    public override string ToString() => Invariant($"{Name}: {Count} classes from {AlphabetCount} alphabets");
}
