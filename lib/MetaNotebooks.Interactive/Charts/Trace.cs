using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>One data series of a <see cref="Figure"/>, placed in a subplot cell (row, col from 1).</summary>
public abstract class Trace
{
    /// <summary>The legend name.</summary>
    public string? Name { get; init; }

    /// <summary>The subplot row, from 1.</summary>
    public int Row { get; init; } = 1;

    /// <summary>The subplot column, from 1.</summary>
    public int Col { get; init; } = 1;

    /// <summary>The Plotly trace objects (most traces are one; a band is two) on the given axes.</summary>
    public abstract IEnumerable<JsonObject> ToPlotly(string xAxis, string yAxis);

    /// <summary>Plotly's common trace fields.</summary>
    protected JsonObject Base(string type, string xAxis, string yAxis)
    {
        var trace = new JsonObject { ["type"] = type, ["xaxis"] = xAxis, ["yaxis"] = yAxis };
        if (Name is not null)
        {
            trace["name"] = Name;
        }
        return trace;
    }

    /// <summary>Symmetric error bars on y.</summary>
    protected static JsonObject ErrorBars(Values error) => new() { ["type"] = "data", ["array"] = error.ToJson(), ["visible"] = true };
}
