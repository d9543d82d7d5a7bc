using static System.FormattableString;
namespace MetaNotebooks.Episodes;

/// <summary>The examples an adapted learner is scored on: Q per class, label-major, disjoint from the support set.</summary>
public sealed record QuerySet(IReadOnlyList<EpisodeItem> Items) : LabelledSet(Items)
{
    /// <summary>"query (75): 0:#05 0:#17 ...".</summary>
    public override string ToString() => Invariant($"query ({Count}): {ItemText}");
}
