using System.Net;
using MetaNotebooks.Runner;

namespace MetaNotebooks.Runner.Site;

/// <summary>The page frame and small pieces shared by the course site's pages.</summary>
internal static class SiteHtml
{
    public static string Page(string title, string body, bool withPlotly, bool showTitle = true) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)} | MetaNotebooks</title>
        {SiteAssets.Head}
        {(withPlotly ? PlotlyScript.PageScript("assets/plotly.min.js") : "")}
        </head>
        <body>
        {(showTitle ? $"<h1>{WebUtility.HtmlEncode(title)}</h1>" : "")}
        {body}
        </body>
        </html>
        """;

    public static string Status(string status) => status switch
    {
        "passed" => Status(NotebookStatus.Passed),
        "failed" => Status(NotebookStatus.Failed),
        "timedout" => Status(NotebookStatus.TimedOut),
        _ => "<span class=\"status notrun\">not run</span>",
    };

    public static string Status(NotebookStatus status) => status switch
    {
        NotebookStatus.Passed => "<span class=\"status passed\">passed</span>",
        NotebookStatus.Failed => "<span class=\"status failed\">failed</span>",
        NotebookStatus.TimedOut => "<span class=\"status timedout\">timed out</span>",
        _ => "<span class=\"status notrun\">not run</span>",
    };
}
