using System.Globalization;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// The results table of the course's notebooks: one row per method and setting, our accuracy on the fixed test
/// episodes with its 95% interval, the number of episodes, and the paper's number with the gap when we carry one.
/// </summary>
public static class ResultsTable
{
    /// <summary>One printed row.</summary>
    /// <param name="Method">The method.</param>
    /// <param name="Setting">"5-way 1-shot".</param>
    /// <param name="Accuracy">"98.42 ± 0.24" (percent).</param>
    /// <param name="Episodes">Test episodes scored.</param>
    /// <param name="Paper">The paper's accuracy (percent) and citation, or empty.</param>
    /// <param name="Gap">Ours minus the paper's, in points, or empty.</param>
    public sealed record Row(string Method, string Setting, string Accuracy, int Episodes, string Paper, string Gap);

    /// <summary>The printed rows of <paramref name="results"/>, in order.</summary>
    public static IReadOnlyList<Row> Rows(IEnumerable<ResultRow> results) => results.Select(r => new Row(
        r.Ours.Method,
        $"{r.Ours.Ways}-way {r.Ours.Shots}-shot",
        Invariant($"{100 * r.Ours.Mean:0.00} ± {100 * r.Ours.Ci95:0.00}"),
        r.Ours.Episodes,
        r.Paper is null ? "" : Invariant($"{100 * r.Paper.Accuracy:0.0} ({r.Paper.Paper})"),
        r.Gap is { } gap ? Invariant($"{100 * gap:+0.00;-0.00;0.00}") : "")).ToList();

    /// <summary>Shows <paramref name="results"/> as a table in the notebook.</summary>
    public static DisplayHandle Show(IEnumerable<ResultRow> results, string? title = null) => Table.Show(Rows(results), title);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
