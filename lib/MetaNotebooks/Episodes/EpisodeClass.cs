using static System.FormattableString;
namespace MetaNotebooks.Episodes;

/// <summary>
/// A class episodes can draw: a character of the source (<see cref="Class"/>, its index there), possibly rotated.
/// With rotation augmentation each character gives four classes (0, 90, 180, 270 degrees counter-clockwise).
/// </summary>
/// <param name="Class">The source's class index (e.g. <c>Omniglot.Classes[Class]</c>).</param>
/// <param name="Name">The source's stable name, e.g. "Latin/character01".</param>
/// <param name="Alphabet">The group the class belongs to (its alphabet), for alphabet splits and same-alphabet episodes.</param>
/// <param name="Rotation">Degrees counter-clockwise: 0, 90, 180 or 270.</param>
public sealed record EpisodeClass(int Class, string Name, string Alphabet, int Rotation = 0)
{
    /// <summary>Degrees counter-clockwise: 0, 90, 180 or 270.</summary>
    public int Rotation { get; init; } = Rotation is 0 or 90 or 180 or 270
        ? Rotation
        : throw new ArgumentOutOfRangeException(nameof(Rotation), Rotation, "A class is rotated by 0, 90, 180 or 270 degrees.");

    /// <summary>"Latin/character01", or "Latin/character01 rot90" when rotated.</summary>
    public override string ToString() => Rotation == 0 ? Name : Invariant($"{Name} rot{Rotation}");
}
