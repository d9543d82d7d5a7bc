using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Notebooks;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>What stopped a cell: a compile error, an exception, or the time limit.</summary>
/// <param name="Name">The error kind: <c>CompilationError</c>, an exception type name, or <c>TimeoutError</c>.</param>
/// <param name="Message">The message a student reads.</param>
/// <param name="Line">The line in the cell (from 1), when known.</param>
/// <param name="Details">The full diagnostic list or stack trace.</param>
public sealed record CellError(string Name, string Message, int? Line, string Details)
{
    /// <summary>The nbformat <c>error</c> output for this error.</summary>
    public JsonObject ToOutput() => CellOutput.Error(Name, Message,
        [$"{Name}: {(Line is { } l ? $"line {l}: " : "")}{Message}", .. Details.Split('\n', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Reads the error back from an nbformat error output written by <see cref="ToOutput"/>.</summary>
    public static CellError FromOutput(JsonObject output)
    {
        var name = output["ename"]?.GetValue<string>() ?? "Error";
        var message = output["evalue"]?.GetValue<string>() ?? "";
        var first = output["traceback"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? "";
        int? line = null;
        var marker = $"{name}: line ";
        if (first.StartsWith(marker, StringComparison.Ordinal))
        {
            var digits = new string(first[marker.Length..].TakeWhile(char.IsDigit).ToArray());
            line = int.TryParse(digits, out var l) ? l : null;
        }
        return new CellError(name, message, line, "");
    }
}
