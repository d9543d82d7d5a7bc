using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner.Site;

/// <summary>
/// Writes the course site: <c>index.html</c> (the whole course in order, each notebook with the status, run time,
/// headline and results of its last run, or "not run"), one page per notebook run, <c>results.json</c> (the same
/// facts for scripts) and the assets (plotly.js, KaTeX, highlight.js, the stylesheet). The executed notebooks live in
/// <c>notebooks/</c> beside the pages (<see cref="ExecutedPath"/>).
/// </summary>
public static class CourseSite
{
    /// <summary>Where the executed copy of a notebook goes inside the site folder.</summary>
    public static string ExecutedPath(string siteDirectory, string notebookPath) =>
        Path.Combine(siteDirectory, "notebooks", Path.GetFileName(notebookPath));

    /// <summary>
    /// Writes the pages of this run's <paramref name="results"/> and the index of <paramref name="course"/> (every
    /// notebook of the course, default: those run), keeping the last run's entry for a notebook not run this time.
    /// Above the list, the leaderboard (<see cref="SiteLeaderboard"/>) of the results files in <paramref name="resultsFolder"/>
    /// (the repository's <c>results/</c>; none when null) and the notebooks' reported results. Returns the index page's path.
    /// </summary>
    public static string Write(string siteDirectory, IReadOnlyList<NotebookRunResult> results, string? profile = null, IReadOnlyList<string>? course = null,
        string? resultsFolder = null)
    {
        SiteAssets.CopyTo(Path.Combine(siteDirectory, "assets"));
        File.WriteAllText(Path.Combine(siteDirectory, "assets", "site.js"), SiteAssets.Script);
        var resultsPath = Path.Combine(siteDirectory, "results.json");
        var previous = PreviousEntries(resultsPath);

        var thisRun = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var executed = Load(result.ExecutedPath) ?? Load(result.SourcePath);
            File.WriteAllText(Path.Combine(siteDirectory, PageName(result)), NotebookPage.Render(executed, result));
            thisRun[result.Notebook] = Entry(result, executed);
        }
        var names = (course ?? results.Select(r => r.SourcePath).ToList()).Select(Path.GetFileName).OfType<string>()
            .Concat(results.Select(r => r.Notebook)).Distinct().Order(StringComparer.Ordinal).ToList();
        var sources = (course ?? []).Concat(results.Select(r => r.SourcePath)).GroupBy(Path.GetFileName).ToDictionary(g => g.Key!, g => g.First());
        var entries = names.Select(name => thisRun.GetValueOrDefault(name)
            ?? previous.GetValueOrDefault(name)
            ?? NotRun(name, sources.TryGetValue(name, out var source) ? Load(source) : null)).ToList();

        var passed = entries.Count(e => e["status"]?.GetValue<string>() == "passed");
        var ran = entries.Count(e => e["status"]?.GetValue<string>() != "not run");
        var rows = new StringBuilder();
        foreach (var entry in entries)
        {
            rows.Append(IndexRow(entry));
        }
        var leaderboard = SiteLeaderboard.Html([.. (resultsFolder is null ? [] : ResultFiles.ReadRecords(resultsFolder)), .. MetaNotebooks.Interactive.CourseResults.FromEntries(entries)]);
        var body = $"""
            {leaderboard}
            <h2>Notebooks</h2>
            <p>{passed} of {entries.Count} notebooks passed{(ran < entries.Count ? $" ({entries.Count - ran} not run)" : "")}{(profile is null ? "" : $" (profile <b>{WebUtility.HtmlEncode(profile)}</b>)")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>
            <table class="course" id="course-map">
            <thead><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Time</th><th>Headline</th><th>Results</th><th>Error</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            """;
        var summary = new JsonObject
        {
            ["profile"] = profile, ["passed"] = passed, ["total"] = entries.Count,
            ["notebooks"] = new JsonArray(entries.Select(e => (JsonNode?)e.DeepClone()).ToArray()),
        };
        var tmp = resultsPath + ".tmp";
        File.WriteAllText(tmp, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(tmp, resultsPath, overwrite: true);
        var index = Path.Combine(siteDirectory, "index.html");
        File.WriteAllText(index, SiteHtml.Page("MetaNotebooks course", body, withPlotly: false));
        return index;
    }

    /// <summary>The page file name for a notebook (<c>03-maml.html</c>).</summary>
    public static string PageName(NotebookRunResult result) => PageName(result.Notebook);

    /// <summary>The page file name for a notebook file name.</summary>
    public static string PageName(string notebook) => Path.GetFileNameWithoutExtension(notebook) + ".html";

    /// <summary>The last headline the notebook displayed (<see cref="MetaNotebooks.Interactive.Course.Headline"/>), or null.</summary>
    public static Headline? HeadlineOf(NotebookDocument executed) => DataOf(executed, MimeTypes.Headline)
        .Select(Headline.FromJson).LastOrDefault(h => h is not null);

    /// <summary>Every result the notebook reported (<see cref="MetaNotebooks.Interactive.Course.Result(string, string, double, double, int)"/>), in order.</summary>
    public static IReadOnlyList<TestResult> ResultsOf(NotebookDocument executed) => DataOf(executed, MimeTypes.Result)
        .Select(TestResult.FromJson).OfType<TestResult>().ToList();

    private static IEnumerable<string?> DataOf(NotebookDocument executed, string mime) => executed.Cells
        .SelectMany(c => c.Kind == CellKind.Code ? c.Outputs.OfType<JsonObject>() : [])
        .Select(o => CellOutput.ReadData(o, mime));

    /// <summary>The results.json entry of a notebook run.</summary>
    private static JsonObject Entry(NotebookRunResult result, NotebookDocument? executed)
    {
        var headline = executed is null ? null : HeadlineOf(executed);
        return new JsonObject
        {
            ["notebook"] = result.Notebook,
            ["title"] = executed?.Title ?? Path.GetFileNameWithoutExtension(result.Notebook),
            ["summary"] = executed?.Summary ?? "",
            ["status"] = result.Status.ToString().ToLowerInvariant(),
            ["seconds"] = Math.Round(result.Duration.TotalSeconds, 2),
            ["page"] = PageName(result),
            ["headline"] = headline is null ? null : new JsonObject { ["label"] = headline.Label, ["value"] = headline.Value },
            ["results"] = new JsonArray((executed is null ? [] : ResultsOf(executed)).Select(r => (JsonNode?)r.ToJson()).ToArray()),
            ["error"] = result.Error is not { } err ? null : new JsonObject
            {
                ["cell"] = err.Cell, ["line"] = err.Line, ["name"] = err.Name, ["message"] = err.Message, ["report"] = err.ToString(),
            },
        };
    }

    private static JsonObject NotRun(string notebook, NotebookDocument? source) => new()
    {
        ["notebook"] = notebook,
        ["title"] = source?.Title ?? Path.GetFileNameWithoutExtension(notebook),
        ["summary"] = source?.Summary ?? "",
        ["status"] = "not run",
        ["seconds"] = null,
        ["page"] = null,
        ["headline"] = null,
        ["results"] = new JsonArray(),
        ["error"] = null,
    };

    /// <summary>The entries of the last run's results.json, by notebook (none when there is none or it is unreadable).</summary>
    private static Dictionary<string, JsonObject> PreviousEntries(string resultsPath)
    {
        try
        {
            return (JsonNode.Parse(File.ReadAllText(resultsPath))?["notebooks"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(e => e["notebook"] is JsonValue)
                .GroupBy(e => e["notebook"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => (JsonObject)g.Last().DeepClone());
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string IndexRow(JsonObject entry)
    {
        var notebook = entry["notebook"]!.GetValue<string>();
        var name = WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(notebook));
        var page = entry["page"]?.GetValue<string>();
        var summary = entry["summary"]?.GetValue<string>() ?? "";
        var seconds = entry["seconds"]?.GetValue<double>();
        var headline = entry["headline"] as JsonObject;
        var results = (entry["results"] as JsonArray ?? []).Select(r => TestResult.FromJson(r?.ToJsonString())).OfType<TestResult>().ToList();
        var row = new StringBuilder("<tr>");
        row.Append($"<td>{(page is null ? name : $"<a href=\"{WebUtility.HtmlEncode(page)}\">{name}</a>")}</td>");
        row.Append($"<td><b>{WebUtility.HtmlEncode(entry["title"]?.GetValue<string>() ?? name)}</b>{(summary.Length == 0 ? "" : $"<div class=\"summary\">{NotebookPage.InlineMarkdown(summary)}</div>")}</td>");
        row.Append($"<td>{SiteHtml.Status(entry["status"]?.GetValue<string>() ?? "not run")}</td>");
        row.Append($"<td>{(seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "")}</td>");
        row.Append($"<td>{(headline is null ? "" : $"{WebUtility.HtmlEncode(headline["label"]?.GetValue<string>())}: <b>{WebUtility.HtmlEncode(headline["value"]?.GetValue<string>())}</b>")}</td>");
        row.Append($"<td>{string.Join("<br>", results.Select(r => WebUtility.HtmlEncode(r.ToString())))}</td>");
        row.Append($"<td>{WebUtility.HtmlEncode(entry["error"]?["report"]?.GetValue<string>() ?? "")}</td></tr>\n");
        return row.ToString();
    }

    private static NotebookDocument? Load(string path)
    {
        try
        {
            return File.Exists(path) ? NotebookDocument.Load(path) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
