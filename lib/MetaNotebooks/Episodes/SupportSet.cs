using static System.FormattableString;
namespace MetaNotebooks.Episodes;

/// <summary>The labelled examples a learner adapts on: K per class, label-major.</summary>
public sealed record SupportSet(IReadOnlyList<EpisodeItem> Items) : LabelledSet(Items)
{
    /// <summary>"support (5): 0:#03 1:#11 ...".</summary>
    public override string ToString() => Invariant($"support ({Count}): {ItemText}");
}
