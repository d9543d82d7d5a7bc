using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>A shaded band between a lower and an upper curve (e.g. a 95% confidence interval).</summary>
public sealed class BandTrace : Trace
{
    /// <summary>The x values.</summary>
    public required Values X { get; init; }

    /// <summary>The lower edge.</summary>
    public required Values Lower { get; init; }

    /// <summary>The upper edge.</summary>
    public required Values Upper { get; init; }

    /// <summary>The fill colour (CSS, with alpha).</summary>
    public string FillColor { get; init; } = "rgba(31,119,180,0.2)";

    /// <inheritdoc />
    public override IEnumerable<JsonObject> ToPlotly(string xAxis, string yAxis)
    {
        var upper = Base("scatter", xAxis, yAxis);
        upper["mode"] = "lines";
        upper["x"] = X.ToJson();
        upper["y"] = Upper.ToJson();
        upper["line"] = new JsonObject { ["width"] = 0 };
        upper["showlegend"] = false;
        upper["hoverinfo"] = "skip";
        yield return upper;

        var lower = Base("scatter", xAxis, yAxis);
        lower["mode"] = "lines";
        lower["x"] = X.ToJson();
        lower["y"] = Lower.ToJson();
        lower["line"] = new JsonObject { ["width"] = 0 };
        lower["fill"] = "tonexty";
        lower["fillcolor"] = FillColor;
        yield return lower;
    }
}
