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

    /// <summary>Marker symbol for markers (Plotly's names: <c>circle</c>, <c>star</c>, <c>x</c>, <c>diamond</c>, ...), or null.</summary>
    public string? Symbol { get; init; }

    /// <summary>Marker size in pixels, or null for Plotly's default (6).</summary>
    public double? Size { get; init; }

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
        if (Symbol is not null || Size is not null)
        {
            var marker = trace["marker"] as JsonObject ?? new JsonObject();
            if (Color is not null) marker["color"] = Color;
            if (Symbol is not null) marker["symbol"] = Symbol;
            if (Size is { } size) marker["size"] = size;
            trace["marker"] = marker;
        }
        yield return trace;
    }
}
