using MetaNotebooks.Interactive.Display;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// How a Plotly.NET chart shows in the course: <c>text/html</c> from Plotly.NET.Interactive's own kernel extension
/// (the interactive chart VS Code and Jupyter users know), plus an <c>image/png</c> (for viewers that run no scripts,
/// and offline) and the <c>application/vnd.plotly.v1+json</c> figure (which the course site draws with its local
/// plotly.js).
/// </summary>
public static class ChartFormatter
{
    /// <summary>Registers the formatters with the kernel's (process-wide) Formatter.</summary>
    public static void Register()
    {
        // The course's chart size unless a chart sets its own (WithSize); Plotly.NET's default is 600 x 600.
        Defaults.DefaultWidth = ChartImage.DefaultWidth;
        Defaults.DefaultHeight = ChartImage.DefaultHeight;
        // The extension registers its formatter with the process-wide Formatter; it is given a kernel of its own so that
        // loading it never sends commands to the kernel running the notebook.
        using (var standalone = new CompositeKernel())
        {
            ((IKernelExtension)new Plotly.NET.Interactive.FormatterKernelExtension()).OnLoadAsync(standalone).GetAwaiter().GetResult();
        }
        Formatter.Register<GenericChart>(chart => PngBase64(chart) ?? "", MimeTypes.Png);
        Formatter.Register<GenericChart>(chart => ChartImage.Figure(chart).ToJsonString(), MimeTypes.Plotly);
        Formatter.Register<GenericChart>(ChartImage.Describe, MimeTypes.PlainText);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), MimeTypes.Html, MimeTypes.Png, MimeTypes.Plotly);
    }

    /// <summary>The PNG as base64; null (with a note on stderr) when Chromium cannot render it.</summary>
    private static string? PngBase64(GenericChart chart)
    {
        try
        {
            return Convert.ToBase64String(ChartImage.Png(chart));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No Chromium (e.g. a laptop without it) must not break the cell: the chart still shows, interactively.
            Console.Error.WriteLine($"metanb: no PNG for the chart ({e.Message.Split('\n')[0]}); showing interactive HTML only.");
            return null;
        }
    }
}
