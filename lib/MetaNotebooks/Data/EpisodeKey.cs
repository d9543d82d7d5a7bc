using static System.FormattableString;
namespace MetaNotebooks.Data;

/// <summary>
/// The name of one episode (or sinusoid task): a seed and an index. A sampler maps a key to the same episode on every
/// machine, in any order, without drawing the episodes before it.
/// </summary>
public readonly record struct EpisodeKey(long Seed, long Index)
{
    /// <summary>"(seed 0, #12)".</summary>
    public override string ToString() => Invariant($"(seed {Seed}, #{Index})");
}
