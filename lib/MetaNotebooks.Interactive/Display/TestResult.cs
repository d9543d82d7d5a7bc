using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MetaNotebooks.Evaluation;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// A test result a notebook reports (<see cref="Course.Result(string, string, double, double, int)"/>): the method's
/// short name, the setting, the mean accuracy and its 95% interval half-width (both in percent) and the number of
/// test episodes. Shown as one line; <c>metanb run</c> gathers every reported result into
/// <c>artifacts/course/results.json</c> under its notebook.
/// </summary>
/// <param name="Method">The course's short name for the method: <c>PixelNN</c>, <c>Pretrain</c>, <c>ProtoNet</c>.</param>
/// <param name="Setting">"5-way 1-shot".</param>
/// <param name="Accuracy">Mean accuracy, percent (93.37).</param>
/// <param name="Ci95">Half-width of the 95% interval, percent (0.49).</param>
/// <param name="Episodes">Test episodes scored.</param>
public sealed record TestResult(string Method, string Setting, double Accuracy, double Ci95, int Episodes)
{
    /// <summary>The result of <paramref name="result"/> (fractions) under the short name <paramref name="method"/>, rounded to 0.01 points.</summary>
    public static TestResult Of(string method, AccuracyResult result) => new(method, $"{result.Ways}-way {result.Shots}-shot",
        Math.Round(100 * result.Mean, 2), Math.Round(100 * result.Ci95, 2), result.Episodes);

    /// <summary>The result with its provenance and per-episode counts (the leaderboard's format), when the notebook reported them.</summary>
    public ResultRecord? Record { get; init; }

    /// <summary>Equal when the summaries are (the record's provenance is not compared).</summary>
    public bool Equals(TestResult? other) =>
        other is not null && (Method, Setting, Accuracy, Ci95, Episodes) == (other.Method, other.Setting, other.Accuracy, other.Ci95, other.Episodes);

    /// <summary>Hash of the summary.</summary>
    public override int GetHashCode() => HashCode.Combine(Method, Setting, Accuracy, Ci95, Episodes);

    /// <summary>The JSON the runner gathers: <c>{"method", "setting", "accuracy", "ci95", "episodes"}</c>, and <c>"record"</c> when there is one.</summary>
    public JsonObject ToJson() => new()
    {
        ["method"] = Method, ["setting"] = Setting, ["accuracy"] = Accuracy, ["ci95"] = Ci95, ["episodes"] = Episodes,
        ["record"] = Record is null ? null : JsonNode.Parse(Record.ToJson()),
    };

    /// <summary>Reads a result back from its JSON (as stored in an executed notebook); null when it is not one.</summary>
    public static TestResult? FromJson(string? json)
    {
        if (json is null || JsonNode.Parse(json) is not JsonObject o)
        {
            return null;
        }
        return o["method"] is JsonValue m && o["setting"] is JsonValue s && o["accuracy"] is JsonValue a && o["ci95"] is JsonValue c && o["episodes"] is JsonValue e
            ? new TestResult(m.GetValue<string>(), s.GetValue<string>(), a.GetValue<double>(), c.GetValue<double>(), e.GetValue<int>())
            {
                Record = o["record"] is JsonObject record ? ResultRecord.FromJson(record.ToJsonString(), "a notebook's result") : null,
            }
            : null;
    }

    /// <summary>"ProtoNet 5-way 1-shot: 93.37% ± 0.49% (600 episodes)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Method} {Setting}: {Accuracy:0.00}% ± {Ci95:0.00}% ({Episodes} episodes)");

    /// <summary>Shows the result in the current cell (a line, and the JSON the runner reads).</summary>
    public DisplayHandle Show() => NotebookDisplay.Show(this, MimeTypes.Html, MimeTypes.Result, MimeTypes.PlainText);

    /// <summary>Registers the formatters (HTML, text and the result JSON).</summary>
    internal static void Register()
    {
        Formatter.Register<TestResult>(r => $"<div class=\"metanb-result\">result: {WebUtility.HtmlEncode(r.ToString())}</div>", MimeTypes.Html);
        Formatter.Register<TestResult>(r => $"result: {r}", MimeTypes.PlainText);
        Formatter.Register<TestResult>(r => r.ToJson().ToJsonString(), MimeTypes.Result);
    }
}
