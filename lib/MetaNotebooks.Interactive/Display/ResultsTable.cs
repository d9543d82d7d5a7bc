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

    /// <summary>
    /// Our mean accuracy (a fraction, <see cref="AccuracyResult.Mean"/>) in the one row of <paramref name="results"/> at
    /// <paramref name="ways"/>-way <paramref name="shots"/>-shot, as the notebooks' checks compare settings:
    /// <c>rows.Mean(5, 5) &gt; rows.Mean(5, 1)</c>.
    /// </summary>
    public static double Mean(this IEnumerable<ResultRow> results, int ways, int shots)
    {
        var rows = results.ToList();
        var matching = rows.Where(r => r.Ours.Ways == ways && r.Ours.Shots == shots).ToList();
        if (matching.Count == 1)
        {
            return matching[0].Ours.Mean;
        }
        var settings = string.Join(", ", rows.Select(r => $"{r.Ours.Method} {r.Ours.Ways}-way {r.Ours.Shots}-shot"));
        throw new ArgumentException(matching.Count == 0
            ? $"No row is {ways}-way {shots}-shot; the rows are: {settings}."
            : $"{matching.Count} rows are {ways}-way {shots}-shot, where one is expected: {settings}.", nameof(results));
    }
}
