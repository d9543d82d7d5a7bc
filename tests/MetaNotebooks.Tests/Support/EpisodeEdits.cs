using MetaNotebooks.Episodes;

namespace MetaNotebooks.Tests;

/// <summary>Episodes changed in ways a metric learner must not care about (or must follow), and broken ones.</summary>
public static class EpisodeEdits
{
    /// <summary>The same episode with each class's support images in another order (rotated by one within the class).</summary>
    public static Episode ShuffleSupportWithinClasses(Episode e) =>
        e with
        {
            Support = new SupportSet(Enumerable.Range(0, e.Ways)
                .SelectMany(k => { var items = e.Support.Items.Skip(k * e.Shots).Take(e.Shots).ToList(); return items.Skip(1).Concat(items.Take(1)); })
                .ToList()),
        };

    /// <summary>
    /// The same episode with class c relabelled <paramref name="permutation"/>[c], support and query rows re-sorted
    /// label-major (within a class, in the old order).
    /// </summary>
    public static Episode PermuteClasses(Episode e, int[] permutation)
    {
        var classes = new EpisodeClass[e.Ways];
        for (var c = 0; c < e.Ways; c++) classes[permutation[c]] = e.Classes[c];
        IReadOnlyList<EpisodeItem> Relabel(IReadOnlyList<EpisodeItem> items) =>
            items.Select(i => i with { Label = permutation[i.Label] }).OrderBy(i => i.Label).ToList();   // OrderBy is stable
        return e with { Classes = classes, Support = new SupportSet(Relabel(e.Support.Items)), Query = new QuerySet(Relabel(e.Query.Items)) };
    }

    /// <summary>Old query row of each new query row after <see cref="PermuteClasses"/>.</summary>
    public static long[] OldQueryRows(Episode e, int[] permutation)
    {
        var inverse = new int[e.Ways];
        for (var c = 0; c < e.Ways; c++) inverse[permutation[c]] = c;
        return Enumerable.Range(0, e.Ways * e.Queries).Select(r => (long)(inverse[r / e.Queries] * e.Queries + r % e.Queries)).ToArray();
    }

    /// <summary>The episode without any support image of class <paramref name="label"/> (its rows given to class 0).</summary>
    public static Episode WithoutClass(Episode e, int label) =>
        e with { Support = new SupportSet(e.Support.Items.Select(i => i.Label == label ? i with { Label = 0 } : i).OrderBy(i => i.Label).ToList()) };

    /// <summary>The episode with no support images at all (K = 0).</summary>
    public static Episode WithoutShots(Episode e) => e with { Shots = 0, Support = new SupportSet([]) };
}
