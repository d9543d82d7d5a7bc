using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>A heatmap of a matrix <c>Z[row, col]</c> (also how an image is drawn).</summary>
public sealed class HeatmapTrace : Trace
{
    /// <summary>The values, [rows, columns]; row 0 is drawn at the top when <see cref="IsImage"/>.</summary>
    public required float[,] Z { get; init; }

    /// <summary>Column labels, or null for 0..n-1.</summary>
    public IReadOnlyList<string>? XLabels { get; init; }

    /// <summary>Row labels, or null for 0..n-1.</summary>
    public IReadOnlyList<string>? YLabels { get; init; }

    /// <summary>A Plotly colour scale name (<c>Viridis</c>, <c>Blues</c>, ...) or null for a black-to-white gray scale.</summary>
    public string? ColorScale { get; init; } = "Viridis";

    /// <summary>Whether to show the colour bar.</summary>
    public bool ShowScale { get; init; } = true;

    /// <summary>Fixed colour range, or null to fit the data.</summary>
    public (double Min, double Max)? Range { get; init; }

    /// <summary>Whether this heatmap is an image (gray, square pixels, no ticks); set by the image grid.</summary>
    public bool IsImage { get; init; }

    /// <inheritdoc />
    public override IEnumerable<JsonObject> ToPlotly(string xAxis, string yAxis)
    {
        var trace = Base("heatmap", xAxis, yAxis);
        var rows = new JsonArray();
        for (var r = 0; r < Z.GetLength(0); r++)
        {
            var row = new JsonArray();
            for (var c = 0; c < Z.GetLength(1); c++)
            {
                row.Add(double.IsFinite(Z[r, c]) ? JsonValue.Create(Math.Round(Z[r, c], 5)) : null);
            }
            rows.Add(row);
        }
        trace["z"] = rows;
        if (XLabels is not null)
        {
            trace["x"] = new JsonArray(XLabels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        }
        if (YLabels is not null)
        {
            trace["y"] = new JsonArray(YLabels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        }
        trace["colorscale"] = ColorScale is null
            ? new JsonArray(new JsonArray(0, "#000000"), new JsonArray(1, "#ffffff"))
            : JsonValue.Create(ColorScale);
        trace["showscale"] = ShowScale;
        if (Range is { } range)
        {
            trace["zmin"] = range.Min;
            trace["zmax"] = range.Max;
        }
        yield return trace;
    }
}
