using System.Text.Json.Nodes;
using Plotly.NET;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// A Plotly.NET chart as the course stores and shows it besides Plotly.NET.Interactive's HTML: its Plotly JSON
/// (<c>{data, layout}</c>, which the course site draws offline with its own plotly.js) and a PNG rendered from that
/// JSON in headless Chromium (Debian's, through <see cref="ChromiumRenderer"/>; Plotly.NET.ImageExport would download
/// a browser, which an offline machine cannot).
/// </summary>
public static class ChartImage
{
    /// <summary>Width in pixels of a chart that does not set one (<c>WithSize</c>); <see cref="ChartFormatter"/> makes it Plotly.NET's default.</summary>
    public const int DefaultWidth = 720;

    /// <summary>Height in pixels when the chart does not set one.</summary>
    public const int DefaultHeight = 420;

    /// <summary>The chart's Plotly figure: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public static JsonObject Figure(GenericChart chart)
    {
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        return new JsonObject { ["data"] = figure["data"]!.DeepClone(), ["layout"] = figure["layout"]?.DeepClone() ?? new JsonObject() };
    }

    /// <summary>The chart's size in pixels: its layout's width and height, or the defaults.</summary>
    public static (int Width, int Height) Size(GenericChart chart) => Size(Figure(chart));

    private static (int Width, int Height) Size(JsonObject figure)
    {
        var layout = figure["layout"]!.AsObject();
        return ((int?)layout["width"]?.GetValue<double>() ?? DefaultWidth, (int?)layout["height"]?.GetValue<double>() ?? DefaultHeight);
    }

    /// <summary>The chart rendered to PNG bytes at its size.</summary>
    public static byte[] Png(GenericChart chart)
    {
        var figure = Figure(chart);
        var (width, height) = Size(figure);
        return ChromiumRenderer.Shared.RenderPng(figure.ToJsonString(), width, height);
    }

    /// <summary>A line naming the chart (its title, traces and size), for plain-text outputs.</summary>
    public static string Describe(GenericChart chart)
    {
        var figure = Figure(chart);
        var title = figure["layout"]?["title"]?["text"]?.GetValue<string>();
        var (width, height) = Size(figure);
        return $"Chart \"{title}\": {figure["data"]!.AsArray().Count} trace(s), {width}x{height}";
    }
}
