using static System.FormattableString;
namespace MetaNotebooks.Episodes;

/// <summary>One labelled image of an episode.</summary>
/// <param name="Label">The episode's label, 0..N-1.</param>
/// <param name="Drawing">Which drawing of the class, 0..19.</param>
/// <param name="ImageId">The source's image id: class * drawings per class + drawing.</param>
public readonly record struct EpisodeItem(int Label, int Drawing, long ImageId)
{
    /// <summary>"3:#07" (label 3, drawing 7).</summary>
    public override string ToString() => Invariant($"{Label}:#{Drawing:00}");
}
