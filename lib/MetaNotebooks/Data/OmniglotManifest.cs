using static System.FormattableString;
namespace MetaNotebooks.Data;

/// <summary>
/// What an Omniglot tree must hold: the alphabets of each set, each with characters character01..characterNN, each
/// character with <see cref="DrawingsPerCharacter"/> drawings. <see cref="Canonical"/> is Lake et al.'s set; tests and
/// subsets pass their own.
/// </summary>
public sealed class OmniglotManifest
{
    /// <summary>A manifest from the alphabets of each set (any order; they are sorted ordinally).</summary>
    public OmniglotManifest(IEnumerable<AlphabetSpec> background, IEnumerable<AlphabetSpec> evaluation, int drawingsPerCharacter = 20)
    {
        if (drawingsPerCharacter <= 0)
            throw new ArgumentOutOfRangeException(nameof(drawingsPerCharacter), drawingsPerCharacter, "A character needs at least one drawing.");
        Background = background.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        Evaluation = evaluation.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        DrawingsPerCharacter = drawingsPerCharacter;
    }

    /// <summary>The alphabets of images_background.zip, sorted ordinally.</summary>
    public IReadOnlyList<AlphabetSpec> Background { get; }

    /// <summary>The alphabets of images_evaluation.zip, sorted ordinally.</summary>
    public IReadOnlyList<AlphabetSpec> Evaluation { get; }

    /// <summary>Drawings per character (20 in Omniglot: one by each of 20 people).</summary>
    public int DrawingsPerCharacter { get; }

    /// <summary>The alphabets of one set.</summary>
    public IReadOnlyList<AlphabetSpec> this[OmniglotSet set] => set == OmniglotSet.Background ? Background : Evaluation;

    /// <summary>Characters in one set.</summary>
    public int CharacterCount(OmniglotSet set) => this[set].Sum(a => a.Characters);

    /// <summary>"30 + 20 alphabets, 964 + 659 characters, 20 drawings each".</summary>
    public override string ToString() =>
        Invariant($"{Background.Count} + {Evaluation.Count} alphabets, {CharacterCount(OmniglotSet.Background)} + ") +
        Invariant($"{CharacterCount(OmniglotSet.Evaluation)} characters, {DrawingsPerCharacter} drawings each");

    /// <summary>Lake et al.'s Omniglot: 30 background alphabets (964 characters), 20 evaluation alphabets (659), 20 drawings each.</summary>
    public static OmniglotManifest Canonical { get; } = new(
    [
        new("Alphabet_of_the_Magi", 20),
        new("Anglo-Saxon_Futhorc", 29),
        new("Arcadian", 26),
        new("Armenian", 41),
        new("Asomtavruli_(Georgian)", 40),
        new("Balinese", 24),
        new("Bengali", 46),
        new("Blackfoot_(Canadian_Aboriginal_Syllabics)", 14),
        new("Braille", 26),
        new("Burmese_(Myanmar)", 34),
        new("Cyrillic", 33),
        new("Early_Aramaic", 22),
        new("Futurama", 26),
        new("Grantha", 43),
        new("Greek", 24),
        new("Gujarati", 48),
        new("Hebrew", 22),
        new("Inuktitut_(Canadian_Aboriginal_Syllabics)", 16),
        new("Japanese_(hiragana)", 52),
        new("Japanese_(katakana)", 47),
        new("Korean", 40),
        new("Latin", 26),
        new("Malay_(Jawi_-_Arabic)", 40),
        new("Mkhedruli_(Georgian)", 41),
        new("N_Ko", 33),
        new("Ojibwe_(Canadian_Aboriginal_Syllabics)", 14),
        new("Sanskrit", 42),
        new("Syriac_(Estrangelo)", 23),
        new("Tagalog", 17),
        new("Tifinagh", 55)
    ],
    [
        new("Angelic", 20),
        new("Atemayar_Qelisayer", 26),
        new("Atlantean", 26),
        new("Aurek-Besh", 26),
        new("Avesta", 26),
        new("Ge_ez", 26),
        new("Glagolitic", 45),
        new("Gurmukhi", 45),
        new("Kannada", 41),
        new("Keble", 26),
        new("Malayalam", 47),
        new("Manipuri", 40),
        new("Mongolian", 30),
        new("Old_Church_Slavonic_(Cyrillic)", 45),
        new("Oriya", 46),
        new("Sylheti", 28),
        new("Syriac_(Serto)", 23),
        new("Tengwar", 25),
        new("Tibetan", 42),
        new("ULOG", 26)
    ]);
}
