using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Interactive.Notebooks;
using MetaNotebooks.Interactive.Runner;

namespace MetaNotebooks.Interactive.Site;

/// <summary>
/// Writes the course site: <c>index.html</c> (the course map with each notebook's status, run time and
/// headline figure), one page per notebook, <c>results.json</c> (the same facts for scripts), and the
/// assets (plotly.js, stylesheet). The executed notebooks live in <c>notebooks/</c> beside the pages
/// (<see cref="ExecutedPath"/>).
/// </summary>
public static class CourseSite
{
    /// <summary>Where the executed copy of a notebook goes inside the site folder.</summary>
    public static string ExecutedPath(string siteDirectory, string notebookPath) =>
        Path.Combine(siteDirectory, "notebooks", Path.GetFileName(notebookPath));

    /// <summary>Writes every page for the results (in course order) and returns the index page's path.</summary>
    public static string Write(string siteDirectory, IReadOnlyList<NotebookRunResult> results, string? profile = null)
    {
        var assets = Path.Combine(siteDirectory, "assets");
        Directory.CreateDirectory(assets);
        File.Copy(PlotlyAsset.Path, Path.Combine(assets, "plotly.min.js"), overwrite: true);
        File.WriteAllText(Path.Combine(assets, "site.css"), SiteStyle.Css);

        var rows = new StringBuilder();
        var summary = new JsonArray();
        foreach (var result in results.OrderBy(r => r.Notebook, StringComparer.Ordinal))
        {
            var executed = File.Exists(result.ExecutedPath) ? NotebookDocument.Load(result.ExecutedPath) : NotebookDocument.Load(result.SourcePath);
            var page = PageName(result);
            File.WriteAllText(Path.Combine(siteDirectory, page), NotebookPage.Render(executed, result));
            var headline = HeadlineOf(executed);
            summary.Add(new JsonObject
            {
                ["notebook"] = result.Notebook,
                ["title"] = executed.Title,
                ["summary"] = executed.Summary,
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["seconds"] = Math.Round(result.Duration.TotalSeconds, 2),
                ["page"] = page,
                ["headline"] = headline is null ? null : new JsonObject { ["label"] = headline.Label, ["value"] = headline.Value },
                ["error"] = result.Error is not { } err ? null : new JsonObject
                {
                    ["cell"] = err.Cell, ["line"] = err.Line, ["name"] = err.Name, ["message"] = err.Message,
                },
            });
            rows.Append($"<tr><td><a href=\"{page}\">{WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(result.Notebook))}</a></td>")
                .Append($"<td><b>{WebUtility.HtmlEncode(executed.Title)}</b>{(executed.Summary.Length == 0 ? "" : $"<br><small>{WebUtility.HtmlEncode(executed.Summary)}</small>")}</td><td>{SiteHtml.Status(result.Status)}</td>")
                .Append($"<td>{result.Duration.TotalSeconds:0.0} s</td>")
                .Append($"<td>{(headline is null ? "" : $"{WebUtility.HtmlEncode(headline.Label)}: <b>{WebUtility.HtmlEncode(headline.Value)}</b>")}</td>")
                .Append($"<td>{(result.Error is { } e ? WebUtility.HtmlEncode(e.ToString()) : "")}</td></tr>\n");
        }
        var passed = results.Count(r => r.Passed);
        var body = $"""
            <p>{passed} of {results.Count} notebooks passed{(profile is null ? "" : $" (profile <b>{WebUtility.HtmlEncode(profile)}</b>)")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>
            <table class="course" id="course-map">
            <thead><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Time</th><th>Headline</th><th>Error</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            """;
        File.WriteAllText(Path.Combine(siteDirectory, "results.json"),
            new JsonObject { ["profile"] = profile, ["passed"] = passed, ["total"] = results.Count, ["notebooks"] = summary }
                .ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var index = Path.Combine(siteDirectory, "index.html");
        File.WriteAllText(index, SiteHtml.Page("MetaNotebooks course", body, withPlotly: false));
        return index;
    }

    /// <summary>The page file name for a notebook (<c>03-maml.html</c>).</summary>
    public static string PageName(NotebookRunResult result) => Path.GetFileNameWithoutExtension(result.Notebook) + ".html";

    /// <summary>The last headline the notebook displayed (<see cref="Course.Headline"/>), or null.</summary>
    public static Headline? HeadlineOf(NotebookDocument executed) => executed.Cells
        .SelectMany(c => c.Kind == CellKind.Code ? c.Outputs.OfType<JsonObject>() : [])
        .Select(o => Headline.FromJson(CellOutput.ReadData(o, MimeTypes.Headline)))
        .LastOrDefault(h => h is not null);
}
