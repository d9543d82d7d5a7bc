using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>What running one cell produced.</summary>
/// <param name="ExecutionCount">The cell's execution count (<c>[n]</c>).</param>
/// <param name="Outputs">The nbformat outputs, in order (an error output last when it failed).</param>
/// <param name="Error">Why the cell failed, or null.</param>
/// <param name="Duration">Wall-clock time the cell took.</param>
public sealed record CellResult(int ExecutionCount, IReadOnlyList<JsonObject> Outputs, CellError? Error, TimeSpan Duration)
{
    /// <summary>Whether the cell ran to the end without an error.</summary>
    public bool Succeeded => Error is null;
}
