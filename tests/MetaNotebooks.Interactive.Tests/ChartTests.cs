using System.Buffers.Binary;
using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Runner.Site;
using Plotly.NET;
using Plotly.NET.CSharp;
using TorchSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// The course's charts: Plotly.NET charts with the course's few extensions (their Plotly JSON), the image grid and the
/// learning curve, the PNG rendered in Chromium, and what an executed notebook's chart outputs carry.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class ChartTests(BrowserFixture browser)
{
    private static JsonObject Layout(GenericChart c) => ChartImage.Figure(c)["layout"]!.AsObject();

    private static JsonArray Data(GenericChart c) => ChartImage.Figure(c)["data"]!.AsArray();

    [Fact]
    public void Title_axis_titles_error_bars_and_marker_size_reach_the_plotly_json()
    {
        var chart = Chart.Line<int, double, string>(new[] { 0, 1, 2 }, new[] { 1.0, 0.5, 0.25 }, Name: "train")
            .WithErrorY(new[] { 0.1, 0.05, 0.02 }).WithMarkerSize(9)
            .WithTitle("Loss").WithAxisTitles("step", "loss").WithSize(500, 300);
        var layout = Layout(chart);
        Assert.Equal("Loss", layout["title"]!["text"]!.GetValue<string>());
        Assert.Equal("step", layout["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("loss", layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
        var trace = Data(chart).Single()!;
        Assert.Equal("train", trace["name"]!.GetValue<string>());
        Assert.Equal("[0.1,0.05,0.02]", trace["error_y"]!["array"]!.ToJsonString());
        Assert.True(trace["error_y"]!["visible"]!.GetValue<bool>());
        Assert.Equal(9, trace["marker"]!["size"]!.GetValue<double>());
        Assert.Equal((500, 300), ChartImage.Size(chart));
        ChartFormatter.Register();
        Assert.Equal((ChartImage.DefaultWidth, ChartImage.DefaultHeight), ChartImage.Size(Chart.Line<int, int, string>(new[] { 1 }, new[] { 1 })));
    }

    [Fact]
    public void Heatmap_rows_keep_gaps_and_the_y_axis_can_read_top_down()
    {
        var z = new float[,] { { 1, float.NaN }, { 0.123456f, 4 } };
        Assert.Equal([[1.0, double.NaN], [0.12346, 4.0]], ChartStyle.Rows(z));
        var chart = Chart.Heatmap<double, string, string, string>(ChartStyle.Rows(z), X: new[] { "a", "b" }, Y: new[] { "c", "d" }).WithYAxisDown();
        Assert.Equal("[[1.0,\"NaN\"],[0.12346,4.0]]", Data(chart)[0]!["z"]!.ToJsonString());
        Assert.Equal("reversed", Layout(chart)["yaxis"]!["autorange"]!.GetValue<string>());
    }

    [Fact]
    public void Heatmap_rows_of_a_matrix_tensor_are_its_float32_values_rounded_alike()
    {
        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(new[] { 1.0, 0.123456789, double.NaN, -2.5, 4, 1e-7 }, [2, 3], torch.float64);
        Assert.Equal(ChartStyle.Rows(new float[,] { { 1, 0.123456789f, float.NaN }, { -2.5f, 4, 1e-7f } }), ChartStyle.Rows(matrix));
        // A transposed view (not contiguous) reads in its own row order.
        Assert.Equal([[1.0, -2.5], [0.12346, 4.0], [double.NaN, 0.0]], ChartStyle.Rows(matrix.t()));
        Assert.Throws<ArgumentException>(() => ChartStyle.Rows(torch.zeros(2, 2, 2)));
    }

    [Fact]
    public void Image_grid_lays_out_gray_images_with_titles_a_shared_range_and_square_pixels()
    {
        var images = Enumerable.Range(0, 7).Select(k => Enumerable.Range(0, 12).Select(p => (float)(p + k)).ToArray()).ToList();
        var grid = ImageGrid.Of(images, height: 4, width: 3, columns: 5, titles: Enumerable.Range(0, 7).Select(k => $"#{k}").ToArray(), title: "Support");
        var data = Data(grid);
        Assert.Equal(7, data.Count);
        Assert.All(data, t =>
        {
            Assert.Equal("heatmap", t!["type"]!.GetValue<string>());
            Assert.Equal(0, t["zmin"]!.GetValue<double>());
            Assert.Equal(17, t["zmax"]!.GetValue<double>());
            Assert.False(t["showscale"]!.GetValue<bool>());
        });
        Assert.Equal("[[0.0,1.0,2.0],[3.0,4.0,5.0],[6.0,7.0,8.0],[9.0,10.0,11.0]]", data[0]!["z"]!.ToJsonString());
        var layout = Layout(grid);
        Assert.Equal("Support", layout["title"]!["text"]!.GetValue<string>());
        Assert.Equal(["#0", "#1", "#2", "#3", "#4", "#5", "#6"], layout["annotations"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()).Where(t => t.Length > 0));
        Assert.Equal("x3", layout["yaxis3"]!["scaleanchor"]!.GetValue<string>());
        Assert.Equal("reversed", layout["yaxis3"]!["autorange"]!.GetValue<string>());
        Assert.False(layout["xaxis3"]!["showticklabels"]!.GetValue<bool>());
        Assert.Throws<ArgumentException>(() => ImageGrid.Of([new float[5]], 2, 2));
        Assert.Throws<ArgumentException>(() => ImageGrid.Of(Array.Empty<float[,]>()));
    }

    [Fact]
    public async Task Png_is_rendered_in_Chromium_at_the_chart_size()
    {
        var chart = Chart.Line<double, double, string>(new[] { 1.0, 5.0 }, new[] { 0.9, 0.98 }).WithTitle("Accuracy").WithSize(500, 300);
        var (width, height) = ChartImage.Size(chart);
        var png = await browser.Renderer.RenderPngAsync(ChartImage.Figure(chart).ToJsonString(), width, height);
        Assert.True(png.Length > 5_000, $"PNG too small: {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(500, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public async Task Executed_chart_outputs_carry_plotly_net_html_png_and_plotly_json()
    {
        // The charts fixture (every chart kind the course draws), executed by the course runner in a kernel process.
        var dir = TestPaths.NewTempDir("charts");
        try
        {
            var result = await NotebookRunner.RunAsync(TestPaths.Fixture("Passing/02-charts.ipynb"), new NotebookRunOptions
            {
                OutputPath = Path.Combine(dir, "02-charts.ipynb"),
                CellTimeout = TimeSpan.FromMinutes(2),
            });
            Assert.True(result.Passed, result.Error?.ToString());
            var executed = NotebookDocument.Load(result.ExecutedPath);
            var charts = executed.Cells.SelectMany(c => c.Kind == CellKind.Code ? c.Outputs.OfType<JsonObject>() : [])
                .Where(o => CellOutput.ReadData(o, MimeTypes.Plotly) is not null).ToList();
            Assert.Equal(6, charts.Count);
            Assert.All(charts, o =>
            {
                Assert.StartsWith("iVBORw0KGgo", CellOutput.ReadData(o, MimeTypes.Png));
                // Plotly.NET.Interactive's own formatter: its "Plotly chart will be drawn inside this DIV" template.
                Assert.Contains("Plotly chart will be drawn inside this DIV", CellOutput.ReadData(o, MimeTypes.Html));
            });
            Assert.Equal("charts drawn", CourseSite.HeadlineOf(executed)!.Label);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
