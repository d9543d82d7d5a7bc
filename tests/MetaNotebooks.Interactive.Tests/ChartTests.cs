using System.Buffers.Binary;
using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Runner.Site;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>The figure builder's Plotly JSON, its HTML, and its PNG rendered in Chromium.</summary>
[Collection(NotebookProcesses.Name)]
public sealed class ChartTests(BrowserFixture browser, ExecutedFixtures executedFixtures)
{
    private static JsonObject Layout(Figure f) => f.ToPlotly()["layout"]!.AsObject();

    private static JsonArray Data(Figure f) => f.ToPlotly()["data"]!.AsArray();

    [Fact]
    public void Line_with_error_bars_titles_and_axis_labels()
    {
        var fig = new Figure("Loss", xLabel: "step", yLabel: "loss").Line(new[] { 0, 1, 2 }, new[] { 1.0f, 0.5f, 0.25f }, name: "train", errorY: new[] { 0.1, 0.1, 0.1 });
        var trace = Data(fig).Single()!.AsObject();
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("lines", trace["mode"]!.GetValue<string>());
        Assert.Equal("[0,1,2]", trace["x"]!.ToJsonString());
        Assert.Equal("[1,0.5,0.25]", trace["y"]!.ToJsonString());
        Assert.Equal("[0.1,0.1,0.1]", trace["error_y"]!["array"]!.ToJsonString());
        Assert.Equal("train", trace["name"]!.GetValue<string>());
        Assert.Equal("Loss", Layout(fig)["title"]!["text"]!.GetValue<string>());
        Assert.Equal("step", Layout(fig)["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("loss", Layout(fig)["yaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Scatter_bar_heatmap_and_band_have_Plotly_shapes()
    {
        var z = new float[2, 3] { { 1, 2, 3 }, { 4, 5, 6 } };
        var fig = new Figure()
            .Scatter(new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 })
            .Band(new[] { 1.0, 2.0 }, new[] { 0.0, 0.5 }, new[] { 1.0, 1.5 }, name: "CI")
            .Bar(["a", "b"], new[] { 1.0, 2.0 }, errorY: new[] { 0.1, 0.2 })
            .Heatmap(z, ["x", "y", "z"], ["r1", "r2"]);
        var data = Data(fig).Select(t => t!.AsObject()).ToList();
        Assert.Equal(["scatter", "scatter", "scatter", "bar", "heatmap"], data.Select(t => t["type"]!.GetValue<string>()));
        Assert.Equal("markers", data[0]["mode"]!.GetValue<string>());
        Assert.Equal("tonexty", data[2]["fill"]!.GetValue<string>());
        Assert.Equal("[\"a\",\"b\"]", data[3]["x"]!.ToJsonString());
        Assert.Equal("[[1,2,3],[4,5,6]]", data[4]["z"]!.ToJsonString());
        Assert.Equal("[\"r1\",\"r2\"]", data[4]["y"]!.ToJsonString());
    }

    [Fact]
    public void Scatter_markers_take_a_symbol_size_and_colour()
    {
        var data = Data(new Figure()
            .Scatter(new[] { 1.0 }, new[] { 2.0 }, name: "prototypes", color: "red", symbol: "star", size: 14)
            .Scatter(new[] { 1.0 }, new[] { 2.0 }, color: "blue"));
        var marker = data[0]!["marker"]!.AsObject();
        Assert.Equal(("red", "star", 14.0), (marker["color"]!.GetValue<string>(), marker["symbol"]!.GetValue<string>(), marker["size"]!.GetValue<double>()));
        Assert.Equal("{\"color\":\"blue\"}", data[1]!["marker"]!.ToJsonString());
    }

    [Fact]
    public void A_series_repeated_across_subplots_has_one_legend_entry()
    {
        var data = Data(Figure.Subplots(1, 2)
            .Scatter(new[] { 1.0 }, new[] { 2.0 }, name: "label 0", col: 1)
            .Scatter(new[] { 1.0 }, new[] { 2.0 }, name: "label 0", col: 2)
            .Scatter(new[] { 1.0 }, new[] { 2.0 }, name: "alone", col: 2));
        Assert.Equal(["label 0", "label 0", null], data.Select(t => t!["legendgroup"]?.GetValue<string>()));
        Assert.Equal([null, false, null], data.Select(t => t!["showlegend"]?.GetValue<bool>()));
    }

    [Fact]
    public void Subplots_place_traces_on_their_own_axes_with_titles()
    {
        var fig = Figure.Subplots(2, 2, titles: ["a", "b", "c", "d"])
            .Line(new[] { 1.0, 2.0 }, row: 1, col: 1)
            .Line(new[] { 1.0, 2.0 }, row: 2, col: 2)
            .Axes("x4", "y4", row: 2, col: 2);
        var data = Data(fig);
        Assert.Equal(("x", "y"), (data[0]!["xaxis"]!.GetValue<string>(), data[0]!["yaxis"]!.GetValue<string>()));
        Assert.Equal(("x4", "y4"), (data[1]!["xaxis"]!.GetValue<string>(), data[1]!["yaxis"]!.GetValue<string>()));
        var layout = Layout(fig);
        Assert.Equal("x4", layout["xaxis4"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(["a", "b", "c", "d"], layout["annotations"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
        var x1 = layout["xaxis"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var x2 = layout["xaxis2"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.True(x1[1] < x2[0], "columns must not overlap");
        Assert.Throws<ArgumentOutOfRangeException>(() => fig.Line(new[] { 1.0 }, row: 3, col: 1));
    }

    [Fact]
    public void Image_grid_takes_plain_float_arrays()
    {
        var images = Enumerable.Range(0, 7).Select(k => Enumerable.Range(0, 4 * 3).Select(p => (float)(p + k)).ToArray()).ToArray();
        var fig = Figure.ImageGrid(images, height: 4, width: 3, columns: 5, titles: Enumerable.Range(0, 7).Select(k => $"#{k}").ToArray());
        Assert.Equal((2, 5), (fig.Rows, fig.Cols));
        var data = Data(fig);
        Assert.Equal(7, data.Count);
        Assert.All(data, t => Assert.Equal("heatmap", t!["type"]!.GetValue<string>()));
        Assert.Equal("[[0,1,2],[3,4,5],[6,7,8],[9,10,11]]", data[0]!["z"]!.ToJsonString());
        Assert.Equal(0, data[0]!["zmin"]!.GetValue<double>());
        Assert.Equal(17, data[0]!["zmax"]!.GetValue<double>());
        Assert.Equal("reversed", Layout(fig)["yaxis"]!["autorange"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => Figure.ImageGrid([new float[5]], 2, 2));

        var square = new float[2, 2] { { 0, 1 }, { 1, 0 } };
        Assert.Equal("[[0,1],[1,0]]", Data(Figure.ImageGrid([square]))[0]!["z"]!.ToJsonString());
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentException>(() => new Figure().Line(new[] { 1.0, 2.0 }, new[] { 1.0 }));
        Assert.Contains("x has 2 values but y has 1", e.Message);
    }

    [Fact]
    public void Html_carries_the_figure_and_a_png_fallback()
    {
        var fig = new Figure("T").Line(new[] { 1.0, 2.0 });
        var html = FigureHtml.Render(fig, png: "iVBORw0KGgo=", includePlotly: false);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo=", html);
        Assert.Contains("\"type\":\"scatter\"", html);
        Assert.Matches(@"^\d+\.\d+\.\d+$", FigureHtml.PlotlyVersion);
    }

    [Fact]
    public async Task Png_is_rendered_in_Chromium_at_the_figure_size()
    {
        var fig = new Figure("Accuracy", "shots", "accuracy").Line(new[] { 1.0, 5.0 }, new[] { 0.9, 0.98 }).Size(500, 300);
        var png = await browser.Renderer.RenderPngAsync(fig.ToPlotly().ToJsonString(), fig.Width, fig.Height);
        Assert.True(png.Length > 5_000, $"PNG too small: {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(500, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void Executed_chart_outputs_carry_html_png_and_plotly_json()
    {
        // From the charts fixture, run once for the collection.
        var executed = NotebookDocument.Load(executedFixtures.Result("Passing/02-charts.ipynb").ExecutedPath);
        var charts = executed.Cells.SelectMany(c => c.Kind == CellKind.Code ? c.Outputs.OfType<JsonObject>() : [])
            .Where(o => CellOutput.ReadData(o, MimeTypes.Plotly) is not null).ToList();
        Assert.Equal(5, charts.Count);
        Assert.All(charts, o =>
        {
            Assert.StartsWith("iVBORw0KGgo", CellOutput.ReadData(o, MimeTypes.Png));
            Assert.Contains("Plotly.newPlot", CellOutput.ReadData(o, MimeTypes.Html));
        });
        Assert.Equal("charts drawn", CourseSite.HeadlineOf(executed)!.Label);
    }
}
