using MetaNotebooks.Interactive.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// Teaches Polyglot's formatter to show a <see cref="Figure"/>: <c>text/html</c> (interactive, with the
/// PNG inside as a fallback), <c>image/png</c> (base64), the Plotly JSON, and a text line.
/// </summary>
public static class FigureFormatter
{
    [ThreadStatic]
    private static (string Json, string? Png)? _lastPng;

    /// <summary>Registers the formatters (idempotent through the display layer).</summary>
    public static void Register()
    {
        Formatter.Register<Figure>(figure => FigureHtml.Render(figure, PngBase64(figure)), MimeTypes.Html);
        Formatter.Register<Figure>(figure => PngBase64(figure) ?? "", MimeTypes.Png);
        Formatter.Register<Figure>(figure => figure.ToPlotly().ToJsonString(), MimeTypes.Plotly);
        Formatter.Register<Figure>(figure => figure.ToString(), MimeTypes.PlainText);
        Formatter.SetPreferredMimeTypesFor(typeof(Figure), MimeTypes.Html, MimeTypes.Png, MimeTypes.Plotly);
    }

    /// <summary>The figure's PNG as base64, rendered once per display; null (with a note on stderr) when Chromium cannot render it.</summary>
    private static string? PngBase64(Figure figure)
    {
        var json = figure.ToPlotly().ToJsonString();
        if (_lastPng is { } last && last.Json == json)
        {
            return last.Png;
        }
        string? png;
        try
        {
            png = Convert.ToBase64String(ChromiumRenderer.Shared.RenderPng(json, figure.Width, figure.Height));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No Chromium (e.g. a laptop without it) must not break the cell: the chart still shows, interactively.
            Console.Error.WriteLine($"metanb: no PNG for the chart ({e.Message.Split('\n')[0]}); showing interactive HTML only.");
            png = null;
        }
        _lastPng = (json, png);
        return png;
    }
}
