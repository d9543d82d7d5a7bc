using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>A line or scatter series (Plotly <c>scatter</c>), optionally with error bars on y.</summary>
public sealed class LineTrace : Trace
{
    /// <summary>The x values.</summary>
    public required Values X { get; init; }

    /// <summary>The y values.</summary>
    public required Values Y { get; init; }

    /// <summary>Symmetric error on each y (error bars), or null.</summary>
    public Values? ErrorY { get; init; }

    /// <summary>Plotly mode: <c>lines</c>, <c>markers</c> or <c>lines+markers</c>.</summary>
    public string Mode { get; init; } = "lines";

    /// <summary>Line or marker colour (any CSS colour), or null for the palette's.</summary>
    public string? Color { get; init; }

    /// <inheritdoc />
    public override IEnumerable<JsonObject> ToPlotly(string xAxis, string yAxis)
    {
        var trace = Base("scatter", xAxis, yAxis);
        trace["mode"] = Mode;
        trace["x"] = X.ToJson();
        trace["y"] = Y.ToJson();
        if (ErrorY is { } e)
        {
            trace["error_y"] = ErrorBars(e);
        }
        if (Color is not null)
        {
            trace[Mode.Contains("lines", StringComparison.Ordinal) ? "line" : "marker"] = new JsonObject { ["color"] = Color };
        }
        yield return trace;
    }
}
