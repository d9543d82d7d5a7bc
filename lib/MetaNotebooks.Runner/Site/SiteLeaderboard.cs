using System.Globalization;
using System.Net;
using System.Text;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Runner.Site;

/// <summary>
/// The leaderboard at the top of the course index: the best result of each method in each of the four settings, from
/// the repository's results files and the course runs' reported results, each with its provenance (the run's kind,
/// steps, device, date, and the command, numbered under the table).
/// </summary>
public static class SiteLeaderboard
{
    /// <summary>The leaderboard's HTML: a table of the best records per method and setting, and the commands behind them.</summary>
    public static string Html(IReadOnlyList<ResultRecord> records)
    {
        if (records.Count == 0)
            return "<h2>Leaderboard</h2>\n<p>No results yet: run the course, or score checkpoints with <code>metanb eval --results results/</code>.</p>\n";
        var best = Leaderboard.Best(records);
        var commands = new List<string>();
        var html = new StringBuilder("<h2>Leaderboard</h2>\n<p>The best result of each method on the 600 fixed test episodes of each setting ");
        html.Append("(mean accuracy, percent, ± the 95% interval over episodes), from the results files in <code>results/</code> and the course's runs; ");
        html.Append("the paper's number below. Under each: the run (quick, longer, full, course run), its steps, device and date; the number links to the command.</p>\n");
        html.Append("<table class=\"course\" id=\"leaderboard\">\n<thead><tr><th>Method</th>");
        foreach (var (ways, shots) in TestProtocol.Settings) html.Append(CultureInfo.InvariantCulture, $"<th>{ways}-way {shots}-shot</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var method in best.Select(r => r.Method).Distinct())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><b>{WebUtility.HtmlEncode(method)}</b><div class=\"summary\">{WebUtility.HtmlEncode(Leaderboard.Title(method))}</div></td>");
            foreach (var (ways, shots) in TestProtocol.Settings)
            {
                var paper = Leaderboard.Paper(method, ways, shots);
                var paperText = paper is { } p ? string.Create(CultureInfo.InvariantCulture, $"<div class=\"summary\">paper {p:0.0#}</div>") : "";
                if (best.FirstOrDefault(r => r.Method == method && r.Ways == ways && r.Shots == shots) is not { } r)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td>-{paperText}</td>");
                    continue;
                }
                var command = r.Command ?? "";
                var index = commands.IndexOf(command);
                if (index < 0) { commands.Add(command); index = commands.Count - 1; }
                var steps = r.Steps is { } s ? string.Create(CultureInfo.InvariantCulture, $", {s} steps") : "";
                var source = (r.Episodes == TestProtocol.EpisodeCount ? "" : string.Create(CultureInfo.InvariantCulture, $", {r.Episodes} episodes"))
                             + (r.Notebook is { } n ? ", " + n : "");
                html.Append(CultureInfo.InvariantCulture,
                    $"<td><a href=\"#command-{index + 1}\" title=\"{WebUtility.HtmlEncode(command)}\"><b>{r.Accuracy:0.00} ± {r.Ci95:0.00}</b></a>");
                html.Append(CultureInfo.InvariantCulture,
                    $"<div class=\"summary\">{WebUtility.HtmlEncode(Leaderboard.Kind(r) + steps + ", " + r.Device + ", " + r.Date[..Math.Min(10, r.Date.Length)] + source)}</div>{paperText}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n<ol class=\"summary\">\n");
        for (var i = 0; i < commands.Count; i++)
            html.Append(CultureInfo.InvariantCulture, $"<li id=\"command-{i + 1}\"><code>{WebUtility.HtmlEncode(commands[i].Length == 0 ? "(command not recorded)" : commands[i])}</code></li>\n");
        html.Append("</ol>\n");
        return html.ToString();
    }
}
