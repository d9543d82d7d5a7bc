using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>A bar series over named categories, optionally with error bars.</summary>
public sealed class BarTrace : Trace
{
    /// <summary>The category of each bar.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>The bar heights.</summary>
    public required Values Y { get; init; }

    /// <summary>Symmetric error on each bar, or null.</summary>
    public Values? ErrorY { get; init; }

    /// <inheritdoc />
    public override IEnumerable<JsonObject> ToPlotly(string xAxis, string yAxis)
    {
        var trace = Base("bar", xAxis, yAxis);
        trace["x"] = new JsonArray(Categories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        trace["y"] = Y.ToJson();
        if (ErrorY is { } e)
        {
            trace["error_y"] = ErrorBars(e);
        }
        yield return trace;
    }
}
