using System.Text.Json.Nodes;

namespace MetaNotebooks.Runner;

/// <summary>
/// The line protocol between the kernel process and <see cref="NotebookRunner"/>: JSON events on the
/// kernel's real stdout, each line starting with <see cref="Prefix"/> (other lines are stray output).
/// </summary>
public static class KernelProtocol
{
    /// <summary>Marks an event line.</summary>
    public const string Prefix = "@@metanb ";

    /// <summary>Formats an event line.</summary>
    public static string Line(JsonObject message) => Prefix + message.ToJsonString();

    /// <summary>Parses an event line; null for stray output.</summary>
    public static JsonObject? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonNode.Parse(line[Prefix.Length..]) as JsonObject : null;
}
