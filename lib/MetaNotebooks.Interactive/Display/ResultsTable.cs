using MetaNotebooks.Evaluation;
using Microsoft.Data.Analysis;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// The results table of the course's notebooks, as a <see cref="DataFrame"/>: one row per method and setting, our
/// accuracy on the fixed test episodes and its 95% interval (percent, two decimals), the number of episodes, and the
/// paper's number with the gap in points when we carry one.
/// </summary>
public static class ResultsTable
{
    /// <summary>The table of <paramref name="results"/>, in order.</summary>
    public static DataFrame Of(IEnumerable<ResultRow> results)
    {
        var rows = results.ToList();
        return new DataFrame(
            new StringDataFrameColumn("Method", rows.Select(r => r.Ours.Method)),
            new StringDataFrameColumn("Setting", rows.Select(r => $"{r.Ours.Ways}-way {r.Ours.Shots}-shot")),
            new DoubleDataFrameColumn("Accuracy (%)", rows.Select(r => (double?)Math.Round(100 * r.Ours.Mean, 2))),
            new DoubleDataFrameColumn("± 95%", rows.Select(r => (double?)Math.Round(100 * r.Ours.Ci95, 2))),
            new Int32DataFrameColumn("Episodes", rows.Select(r => (int?)r.Ours.Episodes)),
            new DoubleDataFrameColumn("Paper (%)", rows.Select(r => r.Paper is null ? null : (double?)Math.Round(100 * r.Paper.Accuracy, 1))),
            new StringDataFrameColumn("Paper", rows.Select(r => r.Paper?.Paper ?? "")),
            new DoubleDataFrameColumn("Gap (points)", rows.Select(r => r.Gap is { } gap ? Math.Round(100 * gap, 2) : (double?)null)));
    }

    /// <summary>Shows <paramref name="results"/> as a table in the notebook, under <paramref name="title"/>.</summary>
    public static DisplayHandle Show(IEnumerable<ResultRow> results, string? title = null) => Table.Show(Of(results), title);
}
