using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using TorchSharp;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// The few chart settings the course uses that Plotly.NET.CSharp 0.14 does not expose (a title, axis titles in one
/// call, symmetric error bars), written over Plotly.NET's own functions so that notebook cells never spell F# options.
/// Everything else is Plotly.NET.CSharp's API: <c>Chart.Line</c>, <c>Chart.Point</c>, <c>Chart.Column</c>,
/// <c>Chart.Heatmap</c>, <c>Chart.Combine</c>, <c>Chart.Grid</c>, <c>WithSize</c>.
/// <code>
/// Chart.Line&lt;int, double, string&gt;(steps, loss, Name: "train")
///     .WithTitle("Meta-training loss").WithAxisTitles("step", "loss")
///     .Display();
/// </code>
/// </summary>
public static class ChartStyle
{
    /// <summary>The chart's title.</summary>
    public static GenericChart WithTitle(this GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);

    /// <summary>Titles of the x and y axes (of the first subplot, or of a chart before it goes into a grid).</summary>
    public static GenericChart WithAxisTitles(this GenericChart chart, string? x = null, string? y = null)
    {
        if (x is not null) chart = chart.WithXAxisStyle<double, double, string>(TitleText: x);
        if (y is not null) chart = chart.WithYAxisStyle<double, double, string>(TitleText: y);
        return chart;
    }

    /// <summary>Symmetric error bars of the given half-widths, one per point (e.g. 95% intervals), on every trace.</summary>
    public static GenericChart WithErrorY(this GenericChart chart, IEnumerable<double> halfWidths)
    {
        var widths = halfWidths.ToArray();
        foreach (var trace in chart.GetTraces())
        {
            trace.SetProperty("error_y", Properties(new DynamicObj.DynamicObj(), ("type", "data"), ("array", widths), ("visible", true)));
        }
        return chart;
    }

    /// <summary>Marker size in pixels of every trace's points (e.g. a star marking a target).</summary>
    public static GenericChart WithMarkerSize(this GenericChart chart, double size) => SetMarkerSize(chart, size);

    /// <summary>One marker size in pixels per point (a third quantity drawn as the size of each point), on every trace.</summary>
    public static GenericChart WithMarkerSizes(this GenericChart chart, IEnumerable<double> sizes) => SetMarkerSize(chart, sizes.ToArray());

    private static GenericChart SetMarkerSize(GenericChart chart, object size)
    {
        foreach (var trace in chart.GetTraces())
        {
            var marker = trace.TryGetPropertyValue("marker") is { } found && found.Value is DynamicObj.DynamicObj existing
                ? existing
                : new Plotly.NET.TraceObjects.Marker();
            marker.SetProperty("size", size);
            trace.SetProperty("marker", marker);
        }
        return chart;
    }

    /// <summary>A matrix's rows, as <c>Chart.Heatmap&lt;double, ...&gt;</c> takes them (<c>z[row][col]</c>; a non-finite value becomes a gap).</summary>
    public static double[][] Rows(float[,] z) =>
        Enumerable.Range(0, z.GetLength(0))
            .Select(r => Enumerable.Range(0, z.GetLength(1)).Select(c => Math.Round((double)z[r, c], 5)).ToArray())
            .ToArray();

    /// <summary>
    /// A matrix tensor's rows (<c>[rows, cols]</c>, any floating dtype, on any device), as <see cref="Rows(float[,])"/>
    /// gives them: its values as float32, rounded alike. The heatmaps of attention weights, adjacency matrices and
    /// generated weights take them: <c>Chart.Heatmap&lt;double, string, string, string&gt;(ChartStyle.Rows(attention), ...)</c>.
    /// </summary>
    public static double[][] Rows(torch.Tensor matrix)
    {
        if (matrix.dim() != 2)
        {
            throw new ArgumentException($"A heatmap's rows come from a [rows, cols] matrix, but the tensor has shape [{string.Join(", ", matrix.shape)}].", nameof(matrix));
        }
        using var scope = torch.NewDisposeScope();
        var values = matrix.detach().to(torch.float32).cpu().contiguous().data<float>().ToArray();
        var (rows, cols) = ((int)matrix.size(0), (int)matrix.size(1));
        var grid = new float[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                grid[i, j] = values[i * cols + j];
            }
        }
        return Rows(grid);
    }

    /// <summary>The y axis drawn top-down (row 0 at the top), as a matrix or an image reads.</summary>
    public static GenericChart WithYAxisDown(this GenericChart chart) =>
        Plotly.NET.Chart.withYAxis(Properties(new LinearAxis(), ("autorange", "reversed")), FSharpOption<StyleParam.SubPlotId>.None).Invoke(chart);

    /// <summary>Sets Plotly attributes by their JSON names on a Plotly.NET object (a trace, an axis, a layout).</summary>
    internal static T Properties<T>(T target, params (string Name, object Value)[] properties) where T : DynamicObj.DynamicObj
    {
        foreach (var (name, value) in properties)
        {
            target.SetProperty(name, value);
        }
        return target;
    }
}
