using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Display;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// A Plotly figure built with typed calls: lines, scatters, bars, heatmaps, bands and error bars, in one
/// plot or a grid of subplots, with titles and axis labels. <see cref="Show"/> displays it in the notebook
/// as interactive HTML plus a static PNG.
/// <code>
/// new Figure("Meta-training loss", xLabel: "step", yLabel: "loss")
///     .Line(steps, train, name: "train")
///     .Band(steps, lower, upper, name: "95% CI")
///     .Show();
/// </code>
/// </summary>
public sealed class Figure
{
    private const double Gap = 0.06;
    private readonly List<Trace> _traces = [];
    private readonly Dictionary<(int Row, int Col), (string? X, string? Y)> _axisLabels = [];
    private readonly Dictionary<(int Row, int Col), string> _subplotTitles = [];
    private readonly HashSet<(int Row, int Col)> _imageCells = [];

    /// <summary>A single-plot figure.</summary>
    public Figure(string? title = null, string? xLabel = null, string? yLabel = null, int rows = 1, int cols = 1)
    {
        if (rows < 1 || cols < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "A figure has at least one row and one column.");
        }
        Title = title;
        Rows = rows;
        Cols = cols;
        Width = Math.Min(1100, cols == 1 ? 720 : 340 * cols);
        Height = rows == 1 ? 420 : 300 * rows;
        if (xLabel is not null || yLabel is not null)
        {
            _axisLabels[(1, 1)] = (xLabel, yLabel);
        }
    }

    /// <summary>A grid of subplots, <paramref name="rows"/> x <paramref name="cols"/>, with optional titles in row-major order.</summary>
    public static Figure Subplots(int rows, int cols, string? title = null, IReadOnlyList<string>? titles = null)
    {
        var figure = new Figure(title, rows: rows, cols: cols);
        for (var i = 0; titles is not null && i < titles.Count && i < rows * cols; i++)
        {
            figure._subplotTitles[(i / cols + 1, i % cols + 1)] = titles[i];
        }
        return figure;
    }

    /// <summary>
    /// A grid of grayscale images (e.g. Omniglot characters): each image is <paramref name="height"/> x
    /// <paramref name="width"/> floats in row-major order, drawn black (low) to white (high).
    /// </summary>
    public static Figure ImageGrid(IReadOnlyList<float[]> images, int height, int width, int columns = 5,
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
        return ImageGrid(grids, columns, titles, title, range);
    }

    /// <summary>A grid of grayscale images given as [height, width] arrays.</summary>
    public static Figure ImageGrid(IReadOnlyList<float[,]> images, int columns = 5,
        IReadOnlyList<string>? titles = null, string? title = null, (double Min, double Max)? range = null)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("An image grid needs at least one image.", nameof(images));
        }
        var cols = Math.Min(columns, images.Count);
        var rows = (images.Count + cols - 1) / cols;
        var fit = range ?? (images.SelectMany(Flatten).Min(), images.SelectMany(Flatten).Max());
        var figure = Subplots(rows, cols, title, titles);
        figure.Width = Math.Min(1100, 130 * cols + 40);
        figure.Height = 130 * rows + (title is null ? 30 : 70);
        for (var i = 0; i < images.Count; i++)
        {
            var cell = (i / cols + 1, i % cols + 1);
            figure._imageCells.Add(cell);
            figure.Add(new HeatmapTrace { Z = images[i], ColorScale = null, ShowScale = false, Range = fit, IsImage = true, Row = cell.Item1, Col = cell.Item2 });
        }
        return figure;
    }

    /// <summary>The figure's title.</summary>
    public string? Title { get; set; }

    /// <summary>Subplot rows.</summary>
    public int Rows { get; }

    /// <summary>Subplot columns.</summary>
    public int Cols { get; }

    /// <summary>Width in pixels (also the PNG's).</summary>
    public int Width { get; set; }

    /// <summary>Height in pixels (also the PNG's).</summary>
    public int Height { get; set; }

    /// <summary>The traces in drawing order.</summary>
    public IReadOnlyList<Trace> Traces => _traces;

    /// <summary>Adds any trace.</summary>
    public Figure Add(Trace trace)
    {
        if (trace.Row < 1 || trace.Row > Rows || trace.Col < 1 || trace.Col > Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(trace), $"Subplot ({trace.Row}, {trace.Col}) is outside the {Rows} x {Cols} grid.");
        }
        _traces.Add(trace);
        return this;
    }

    /// <summary>A line through (x, y), with optional symmetric error bars.</summary>
    public Figure Line(Values x, Values y, string? name = null, Values? errorY = null, string? color = null, int row = 1, int col = 1) =>
        Add(new LineTrace { X = Check(x, y), Y = y, ErrorY = errorY, Name = name, Color = color, Row = row, Col = col });

    /// <summary>A line through y against 0..n-1.</summary>
    public Figure Line(Values y, string? name = null, int row = 1, int col = 1) => Line(Values.Range(y.Count), y, name, row: row, col: col);

    /// <summary>Points at (x, y), with optional symmetric error bars, marker symbol (<c>star</c>, <c>x</c>, ...) and size.</summary>
    public Figure Scatter(Values x, Values y, string? name = null, Values? errorY = null, string? color = null, int row = 1, int col = 1,
        string? symbol = null, double? size = null) =>
        Add(new LineTrace { X = Check(x, y), Y = y, ErrorY = errorY, Name = name, Color = color, Mode = "markers", Row = row, Col = col, Symbol = symbol, Size = size });

    /// <summary>Bars over named categories, with optional symmetric error bars.</summary>
    public Figure Bar(IReadOnlyList<string> categories, Values y, string? name = null, Values? errorY = null, int row = 1, int col = 1)
    {
        if (categories.Count != y.Count)
        {
            throw new ArgumentException($"{categories.Count} categories but {y.Count} values.", nameof(y));
        }
        return Add(new BarTrace { Categories = categories, Y = y, ErrorY = errorY, Name = name, Row = row, Col = col });
    }

    /// <summary>A shaded band between <paramref name="lower"/> and <paramref name="upper"/> (e.g. a confidence interval).</summary>
    public Figure Band(Values x, Values lower, Values upper, string? name = null, string fillColor = "rgba(31,119,180,0.2)", int row = 1, int col = 1)
    {
        Check(x, lower);
        Check(x, upper);
        return Add(new BandTrace { X = x, Lower = lower, Upper = upper, Name = name, FillColor = fillColor, Row = row, Col = col });
    }

    /// <summary>A heatmap of <paramref name="z"/>[row, col] with optional labels (e.g. a confusion matrix).</summary>
    public Figure Heatmap(float[,] z, IReadOnlyList<string>? xLabels = null, IReadOnlyList<string>? yLabels = null,
        string colorScale = "Viridis", int row = 1, int col = 1) =>
        Add(new HeatmapTrace { Z = z, XLabels = xLabels, YLabels = yLabels, ColorScale = colorScale, Row = row, Col = col });

    /// <summary>Axis titles of one subplot (the only plot by default).</summary>
    public Figure Axes(string? xLabel = null, string? yLabel = null, int row = 1, int col = 1)
    {
        _axisLabels[(row, col)] = (xLabel, yLabel);
        return this;
    }

    /// <summary>Sets the size in pixels.</summary>
    public Figure Size(int width, int height)
    {
        Width = width;
        Height = height;
        return this;
    }

    /// <summary>The Plotly figure: <c>{ data: [...], layout: {...} }</c>.</summary>
    public JsonObject ToPlotly()
    {
        var data = new JsonArray();
        // Traces that share a name (the same series drawn in several subplots) form one legend entry that toggles them all.
        var repeated = _traces.Where(t => t.Name is not null).GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var named = new HashSet<string>();
        foreach (var trace in _traces)
        {
            var k = (trace.Row - 1) * Cols + trace.Col;
            foreach (var t in trace.ToPlotly(k == 1 ? "x" : $"x{k}", k == 1 ? "y" : $"y{k}"))
            {
                if (trace.Name is { } name && repeated.Contains(name))
                {
                    t["legendgroup"] = name;
                    if (!named.Add(name))
                    {
                        t["showlegend"] = false;
                    }
                }
                data.Add(t);
            }
        }
        var layout = new JsonObject
        {
            ["width"] = Width,
            ["height"] = Height,
            ["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = Title is null && _subplotTitles.Count == 0 ? 30 : 70, ["b"] = 50 },
            ["template"] = new JsonObject { ["layout"] = new JsonObject { ["font"] = new JsonObject { ["family"] = "sans-serif" } } },
            ["showlegend"] = _traces.Any(t => t.Name is not null),
        };
        if (Title is not null)
        {
            layout["title"] = new JsonObject { ["text"] = Title };
        }
        var annotations = new JsonArray();
        for (var r = 1; r <= Rows; r++)
        {
            for (var c = 1; c <= Cols; c++)
            {
                var k = (r - 1) * Cols + c;
                var (x0, x1) = Domain(c - 1, Cols, Gap);
                var (y0, y1) = Domain(Rows - r, Rows, Math.Min(0.3, (_subplotTitles.Count > 0 ? 45.0 : 25.0) / Height));
                _axisLabels.TryGetValue((r, c), out var labels);
                var image = _imageCells.Contains((r, c));
                layout[k == 1 ? "xaxis" : $"xaxis{k}"] = Axis(labels.X, x0, x1, k == 1 ? "y" : $"y{k}", image, null);
                layout[k == 1 ? "yaxis" : $"yaxis{k}"] = Axis(labels.Y, y0, y1, k == 1 ? "x" : $"x{k}", image, image ? (k == 1 ? "x" : $"x{k}") : null);
                if (_subplotTitles.TryGetValue((r, c), out var subtitle))
                {
                    annotations.Add(new JsonObject
                    {
                        ["text"] = subtitle, ["x"] = (x0 + x1) / 2, ["y"] = y1, ["xref"] = "paper", ["yref"] = "paper",
                        ["xanchor"] = "center", ["yanchor"] = "bottom", ["showarrow"] = false,
                    });
                }
            }
        }
        if (annotations.Count > 0)
        {
            layout["annotations"] = annotations;
        }
        return new JsonObject { ["data"] = data, ["layout"] = layout };
    }

    /// <summary>The interactive HTML fragment (see <see cref="FigureHtml"/>).</summary>
    public string ToHtml() => FigureHtml.Render(this, png: null);

    /// <summary>Renders the figure to PNG bytes in headless Chromium.</summary>
    public byte[] ToPng() => ChromiumRenderer.Shared.RenderPng(ToPlotly().ToJsonString(), Width, Height);

    /// <summary>Shows the figure in the notebook: interactive HTML, a static PNG, and the Plotly JSON.</summary>
    public DisplayHandle Show() => NotebookDisplay.Show(this, MimeTypes.Html, MimeTypes.Png, MimeTypes.Plotly, MimeTypes.PlainText);

    /// <inheritdoc />
    public override string ToString() => $"Figure \"{Title}\": {Rows}x{Cols}, {_traces.Count} trace(s)";

    private static (double, double) Domain(int index, int count, double gap)
    {
        gap = count == 1 ? 0 : gap;
        var size = (1.0 - gap * (count - 1)) / count;
        var start = index * (size + gap);
        return (Math.Round(start, 4), Math.Round(Math.Min(1, start + size), 4));
    }

    private static JsonObject Axis(string? title, double from, double to, string anchor, bool image, string? scaleAnchor)
    {
        var axis = new JsonObject { ["domain"] = new JsonArray(from, to), ["anchor"] = anchor, ["automargin"] = true };
        if (title is not null)
        {
            axis["title"] = new JsonObject { ["text"] = title };
        }
        if (image)
        {
            axis["showticklabels"] = false;
            axis["showgrid"] = false;
            axis["zeroline"] = false;
            axis["ticks"] = "";
            axis["constrain"] = "domain";
        }
        if (scaleAnchor is not null)
        {
            axis["scaleanchor"] = scaleAnchor;
            axis["autorange"] = "reversed";
        }
        return axis;
    }

    private static Values Check(Values x, Values y) => x.Count == y.Count
        ? x
        : throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));

    private static IEnumerable<float> Flatten(float[,] image) => image.Cast<float>();
}
