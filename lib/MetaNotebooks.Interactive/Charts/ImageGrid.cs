using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// A grid of grayscale images (Omniglot characters, drawn black for low values and white for high), one Plotly.NET
/// heatmap per image in a <c>Chart.Grid</c>, with a title over each. All images share one gray range (by default the
/// lowest and highest value of any image) so that their shades compare.
/// </summary>
public static class ImageGrid
{
    /// <summary>Images given as <paramref name="height"/> x <paramref name="width"/> floats in row-major order.</summary>
    public static GenericChart Of(IReadOnlyList<float[]> images, int height, int width, int columns = 5,
        IReadOnlyList<string>? titles = null, string? title = null, (double Min, double Max)? range = null)
    {
        var grids = images.Select((image, i) =>
        {
            if (image.Length != height * width)
            {
                throw new ArgumentException($"Image {i} has {image.Length} values; expected {height} x {width} = {height * width}.", nameof(images));
            }
            var z = new float[height, width];
            Buffer.BlockCopy(image, 0, z, 0, image.Length * sizeof(float));
            return z;
        }).ToList();
        return Of(grids, columns, titles, title, range);
    }

    /// <summary>Images given as [height, width] arrays.</summary>
    public static GenericChart Of(IReadOnlyList<float[,]> images, int columns = 5,
        IReadOnlyList<string>? titles = null, string? title = null, (double Min, double Max)? range = null)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("An image grid needs at least one image.", nameof(images));
        }
        if (columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "An image grid has at least one column.");
        }
        var cols = Math.Min(columns, images.Count);
        var rows = (images.Count + cols - 1) / cols;
        var (min, max) = range ?? (images.Min(i => i.Cast<float>().Min()), images.Max(i => i.Cast<float>().Max()));
        var cells = images.Select(image => Image(image, min, max)).ToList();
        var grid = Plotly.NET.CSharp.Chart.Grid(cells, rows, cols,
                SubPlotTitles: (titles ?? []).Take(images.Count).Concat(Enumerable.Repeat("", Math.Max(0, images.Count - (titles?.Count ?? 0)))).ToArray(),
                XGap: 0.05, YGap: 0.15)
            .WithSize(Math.Min(1100, 130 * cols + 20), 150 * rows + (title is null ? 40 : 80));
        var layout = grid.GetLayout();
        layout.SetProperty("showlegend", false);
        // Plotly's default margins (80-100 px) would leave a one-row grid a strip of ~30 px: keep room for titles only,
        // and a white background so no grey shows beside the square images.
        layout.SetProperty("margin", ChartStyle.Properties(new DynamicObj.DynamicObj(), ("l", 10), ("r", 10), ("t", title is null ? 30 : 70), ("b", 10)));
        layout.SetProperty("plot_bgcolor", "white");
        // Square pixels: each image's y axis keeps the scale of its own x axis (the grid numbers them 1..n).
        for (var k = 1; k <= images.Count; k++)
        {
            var name = k == 1 ? "yaxis" : $"yaxis{k}";
            if (layout.TryGetPropertyValue(name) is { } found && found.Value is DynamicObj.DynamicObj yAxis)
            {
                yAxis.SetProperty("scaleanchor", k == 1 ? "x" : $"x{k}");
                yAxis.SetProperty("constrain", "domain");
            }
        }
        return title is null ? grid : grid.WithTitle(title);
    }

    /// <summary>One image: a gray heatmap, top row first, square pixels, no ticks.</summary>
    private static GenericChart Image(float[,] image, double min, double max)
    {
        var rows = Enumerable.Range(0, image.GetLength(0))
            .Select(r => Enumerable.Range(0, image.GetLength(1)).Select(c => Math.Round(image[r, c], 5)).ToArray())
            .ToArray();
        var heatmap = Plotly.NET.CSharp.Chart.Heatmap<double, int, int, string>(rows,
            ColorScale: StyleParam.Colorscale.NewCustom([Tuple.Create(0.0, Color.fromString("#000000")), Tuple.Create(1.0, Color.fromString("#ffffff"))]),
            ShowScale: false);
        foreach (var trace in heatmap.GetTraces())
        {
            trace.SetProperty("zmin", min);
            trace.SetProperty("zmax", max);
        }
        (string, object)[] bare = [("showticklabels", false), ("showgrid", false), ("zeroline", false), ("ticks", "")];
        var axis = ChartStyle.Properties(new LinearAxis(), bare);
        var yAxis = ChartStyle.Properties(new LinearAxis(), [.. bare, ("autorange", "reversed")]);
        heatmap = Plotly.NET.Chart.withXAxis(axis, FSharpOption<StyleParam.SubPlotId>.None).Invoke(heatmap);
        return Plotly.NET.Chart.withYAxis(yAxis, FSharpOption<StyleParam.SubPlotId>.None).Invoke(heatmap);
    }
}
