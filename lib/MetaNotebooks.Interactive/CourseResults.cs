using System.Text.Json;
using System.Text.Json.Nodes;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Interactive;

/// <summary>
/// The results the course's notebooks reported in their last run (<c>metanb run</c>'s <c>results.json</c> in the
/// course site), as <see cref="ResultRecord"/>s beside the repository's results files.
/// </summary>
public static class CourseResults
{
    /// <summary>
    /// The site's results.json: where <c>metanb run</c> says (<see cref="Course.SiteVariable"/>), else
    /// <c>../artifacts/course/results.json</c> from the notebooks' folder.
    /// </summary>
    public static string SiteResultsPath() =>
        Path.Combine(Environment.GetEnvironmentVariable(Course.SiteVariable) is { Length: > 0 } site ? site : Path.Combine("..", "artifacts", "course"), "results.json");

    /// <summary>The records of the course's last run (none when it has not run, or its results.json is unreadable).</summary>
    public static IReadOnlyList<ResultRecord> Read(string? path = null)
    {
        path ??= SiteResultsPath();
        try
        {
            return File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["notebooks"] is JsonArray notebooks
                ? FromEntries(notebooks.OfType<JsonObject>())
                : [];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return [];
        }
    }

    /// <summary>Every result record in results.json's notebook entries, with its notebook named (results reported without a record are skipped).</summary>
    public static IReadOnlyList<ResultRecord> FromEntries(IEnumerable<JsonObject> entries) =>
        [.. entries.SelectMany(e => (e["results"] as JsonArray ?? [])
            .Select(r => r?["record"] is JsonObject record ? FromJson(record, e["notebook"]?.GetValue<string>()) : null)
            .OfType<ResultRecord>())];

    private static ResultRecord? FromJson(JsonObject json, string? notebook)
    {
        try
        {
            var record = ResultRecord.FromJson(json.ToJsonString(), notebook ?? "results.json");
            record.Verify(notebook ?? "results.json");
            return record with { Notebook = record.Notebook ?? notebook };
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
