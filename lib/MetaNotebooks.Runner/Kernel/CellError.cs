using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner.Kernel;

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

    /// <summary>
    /// The error of a cell the kernel failed: its compile errors (from the kernel's diagnostics) or the exception the
    /// cell threw, with the line in <paramref name="cellSource"/>.
    /// </summary>
    public static CellError From(CommandFailed failed, IEnumerable<DiagnosticsProduced> diagnostics, string cellSource)
    {
        var errors = diagnostics.SelectMany(d => d.Diagnostics)
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            return new CellError("CompilationError", $"{first.Code}: {first.Message}", first.LinePositionSpan.Start.Line + 1,
                string.Join("\n", errors.Select(e => $"({e.LinePositionSpan.Start.Line + 1},{e.LinePositionSpan.Start.Character + 1}): error {e.Code}: {e.Message}")));
        }
        if (failed.Exception is { } exception && exception.GetType().Name != "CodeSubmissionCompilationErrorException")
        {
            var line = new StackTrace(exception, fNeedFileInfo: true).GetFrames()
                .FirstOrDefault(f => IsCellCode(f) && f.GetFileLineNumber() > 0)?.GetFileLineNumber();
            return new CellError(exception.GetType().Name, exception.Message,
                line is { } l ? CellLines.ToCellLine(cellSource, l) : null, exception.ToString());
        }
        return new CellError("Error", failed.Message, null, failed.Message);
    }

    /// <summary>Whether the frame runs the cell's own code (the kernel compiles each cell as a <c>Submission#N</c> class).</summary>
    private static bool IsCellCode(StackFrame frame)
    {
        for (var type = frame.GetMethod()?.DeclaringType; type is not null; type = type.DeclaringType)
        {
            if (type.Name.StartsWith("Submission#", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

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
