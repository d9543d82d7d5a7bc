using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Display;
using System.Text.RegularExpressions;
using Markdig;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Runner;

namespace MetaNotebooks.Runner.Site;

/// <summary>
/// One notebook as a web page: prose through Markdig (math left as <c>\( \)</c> and <c>\[ \]</c> for KaTeX), C# code
/// (highlighted by highlight.js) with its outputs, charts drawn by plotly.js (loaded once per page), images embedded,
/// and the error that stopped the run, if any.
/// </summary>
public static partial class NotebookPage
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The page's HTML for an executed notebook and its run result.</summary>
    public static string Render(NotebookDocument? executed, NotebookRunResult result)
    {
        var body = new StringBuilder();
        body.Append($"<header class=\"site\"><a href=\"index.html\">&larr; Course</a> &middot; <a href=\"notebooks/{Uri.EscapeDataString(Path.GetFileName(result.ExecutedPath))}\">executed notebook</a></header>\n");
        body.Append($"<p>{SiteHtml.Status(result.Status)} ran in {result.Duration.TotalSeconds:0.0} s</p>\n");
        if (result.Error is { } error)
        {
            body.Append($"<div class=\"error\" id=\"run-error\"><b>Stopped at cell {error.Cell}{(error.Line is { } l ? $", line {l}" : "")}</b>: {WebUtility.HtmlEncode(error.Name)}: {WebUtility.HtmlEncode(error.Message)}</div>\n");
        }
        foreach (var cell in executed?.Cells ?? [])
        {
            body.Append($"<div class=\"cell {cell.Kind.ToString().ToLowerInvariant()}\" id=\"cell-{cell.Number}\">\n");
            if (cell.Kind == CellKind.Markdown)
            {
                body.Append(LinksToPages(Markdig.Markdown.ToHtml(cell.Source, Markdown)));
            }
            else if (cell.Kind == CellKind.Code)
            {
                body.Append($"<div class=\"prompt\">In [{cell.ExecutionCount?.ToString() ?? " "}]:</div><pre class=\"code\"><code class=\"language-csharp\">{WebUtility.HtmlEncode(cell.Source)}</code></pre>\n");
                foreach (var output in cell.Outputs.OfType<JsonObject>())
                {
                    body.Append("<div class=\"output\">").Append(RenderOutput(output)).Append("</div>\n");
                }
            }
            body.Append("</div>\n");
        }
        return SiteHtml.Page(executed?.Title ?? result.Notebook, body.ToString(), withPlotly: true, showTitle: executed is null);
    }

    /// <summary>A short piece of Markdown (an index summary) as inline HTML: emphasis, code, links and math, no paragraph.</summary>
    public static string InlineMarkdown(string markdown)
    {
        var html = Markdig.Markdown.ToHtml(markdown, Markdown).Trim();
        if (html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0)
        {
            html = html[3..^4];
        }
        return LinksToPages(html);
    }

    /// <summary>One nbformat output as HTML, richest representation first.</summary>
    public static string RenderOutput(JsonObject output)
    {
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                var name = output["name"]?.GetValue<string>() ?? "stdout";
                return $"<pre class=\"{name}\">{WebUtility.HtmlEncode(CellOutput.ReadStream(output))}</pre>";
            case "error":
                var trace = output["traceback"] is JsonArray tb ? string.Join("\n", tb.Select(t => t?.GetValue<string>())) : "";
                return $"<pre class=\"error\">{WebUtility.HtmlEncode(trace)}</pre>";
            case "display_data" or "execute_result":
                if (CellOutput.ReadData(output, MimeTypes.Plotly) is { } plotly)
                {
                    return PlotlyScript.Figure(plotly);
                }
                if (CellOutput.ReadData(output, MimeTypes.Html) is { } html)
                {
                    return html;
                }
                if (CellOutput.ReadData(output, MimeTypes.Png) is { } png)
                {
                    return $"<img src=\"data:image/png;base64,{png}\" alt=\"figure\"/>";
                }
                if (CellOutput.ReadData(output, MimeTypes.Markdown) is { } md)
                {
                    return Markdig.Markdown.ToHtml(md, Markdown);
                }
                return $"<pre>{WebUtility.HtmlEncode(CellOutput.ReadData(output, MimeTypes.PlainText) ?? "")}</pre>";
            default:
                return "";
        }
    }

    /// <summary>Links to other notebooks (<c>02-x.ipynb</c>) point at their pages instead.</summary>
    private static string LinksToPages(string html) => IpynbLink().Replace(html, m => $"href=\"{m.Groups[1].Value}.html\"");

    [GeneratedRegex("href=\"(?!https?:)([^\"/]+)\\.ipynb\"")]
    private static partial Regex IpynbLink();
}
