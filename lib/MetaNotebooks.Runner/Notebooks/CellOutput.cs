using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Display;

namespace MetaNotebooks.Runner.Notebooks;

/// <summary>Builds nbformat 4 output objects: stream, display_data, execute_result and error.</summary>
public static class CellOutput
{
    /// <summary>A <c>stream</c> output (<paramref name="name"/> is <c>stdout</c> or <c>stderr</c>).</summary>
    public static JsonObject Stream(string name, string text) => new()
    {
        ["output_type"] = "stream",
        ["name"] = name,
        ["text"] = NotebookCell.SplitLines(text),
    };

    /// <summary>A <c>display_data</c> output: one representation per mime type.</summary>
    public static JsonObject DisplayData(IReadOnlyDictionary<string, string> data) => new()
    {
        ["output_type"] = "display_data",
        ["data"] = Bundle(data),
        ["metadata"] = new JsonObject(),
    };

    /// <summary>An <c>execute_result</c> output: the value of a cell's trailing expression.</summary>
    public static JsonObject ExecuteResult(int executionCount, IReadOnlyDictionary<string, string> data) => new()
    {
        ["output_type"] = "execute_result",
        ["execution_count"] = executionCount,
        ["data"] = Bundle(data),
        ["metadata"] = new JsonObject(),
    };

    /// <summary>An <c>error</c> output.</summary>
    public static JsonObject Error(string name, string message, IEnumerable<string> traceback) => new()
    {
        ["output_type"] = "error",
        ["ename"] = name,
        ["evalue"] = message,
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };

    /// <summary>Mime bundle: JSON mime types are stored as JSON, text ones as lists of lines, base64 as one string.</summary>
    private static JsonObject Bundle(IReadOnlyDictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            bundle[mime] = MimeTypes.IsJson(mime) ? JsonNode.Parse(value)
                : MimeTypes.IsBinary(mime) ? JsonValue.Create(value)
                : NotebookCell.SplitLines(value);
        }
        return bundle;
    }

    /// <summary>A stream output's text (joins a list of lines), or null for any other output.</summary>
    public static string? ReadStream(JsonObject output) => output["output_type"]?.GetValue<string>() != "stream" ? null
        : output["text"] is JsonArray lines ? string.Concat(lines.Select(l => l?.GetValue<string>())) : output["text"]?.GetValue<string>() ?? "";

    /// <summary>Reads a mime bundle entry back as text (joins a list of lines; serializes JSON).</summary>
    public static string? ReadData(JsonObject output, string mime) => output["data"]?[mime] switch
    {
        null => null,
        JsonArray lines when !MimeTypes.IsJson(mime) => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString(),
    };
}
