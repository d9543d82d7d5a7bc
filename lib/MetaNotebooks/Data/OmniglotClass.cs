using static System.FormattableString;
namespace MetaNotebooks.Data;

/// <summary>
/// One Omniglot character: a class of 20 drawings. Identified stably by <see cref="Id"/>,
/// "Alphabet/characterNN", which is unique across both sets.
/// </summary>
/// <param name="Index">Position in <see cref="Omniglot.Classes"/> (classes sorted ordinally by <see cref="Id"/>).</param>
/// <param name="Set">The zip it comes from.</param>
/// <param name="Alphabet">The alphabet's folder name, e.g. "Latin".</param>
/// <param name="Character">The character's folder name, e.g. "character01".</param>
public sealed record OmniglotClass(int Index, OmniglotSet Set, string Alphabet, string Character)
{
    /// <summary>The stable name "Alphabet/characterNN".</summary>
    public string Id => Invariant($"{Alphabet}/{Character}");

    /// <summary>"Latin/character01 (background)".</summary>
    public override string ToString() => Invariant($"{Id} ({Set.ToString().ToLowerInvariant()})");
}
