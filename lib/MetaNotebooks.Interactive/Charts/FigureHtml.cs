using System.Net;
using System.Text;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// The HTML a figure shows as: a box holding the static PNG (so it reads where scripts do not run) that a
/// script replaces with the interactive Plotly chart. The first figure a process shows also carries
/// plotly.js itself; later ones wait for it (<c>window.metanbPlotly</c> queue), so a notebook holds one copy.
/// </summary>
public static class FigureHtml
{
    private static int _bundleShown;

    /// <summary>Renders the fragment; <paramref name="png"/> is the base64 PNG to show until (or unless) scripts run.</summary>
    public static string Render(Figure figure, string? png, bool includePlotly = true)
    {
        var id = "metanb-fig-" + Guid.NewGuid().ToString("N")[..12];
        var html = new StringBuilder();
        if (includePlotly && Interlocked.Exchange(ref _bundleShown, 1) == 0)
        {
            html.Append("<script type=\"text/javascript\" data-metanb-plotly=\"").Append(PlotlyVersion).Append("\">")
                .Append(PlotlyAsset.Text)
                .Append("</script>\n<script type=\"text/javascript\">(window.metanbPlotlyQueue||[]).forEach(function(f){f();});window.metanbPlotlyQueue=[];</script>\n");
        }
        html.Append($"<div id=\"{id}\" class=\"metanb-figure\" style=\"width:{figure.Width}px;max-width:100%;min-height:{figure.Height}px\">");
        if (png is not null)
        {
            html.Append($"<img alt=\"{WebUtility.HtmlEncode(figure.Title ?? "chart")}\" src=\"data:image/png;base64,{png}\" style=\"max-width:100%\"/>");
        }
        html.Append("</div>\n");
        html.Append("<script type=\"text/javascript\">(function(){var fig=").Append(Escape(figure.ToPlotly().ToJsonString()))
            .Append($";var draw=function(){{var el=document.getElementById('{id}');if(!el)return;el.innerHTML='';")
            .Append("Plotly.newPlot(el,fig.data,fig.layout,{displaylogo:false});};")
            .Append("if(window.Plotly){draw();}else{(window.metanbPlotlyQueue=window.metanbPlotlyQueue||[]).push(draw);}})();</script>");
        return html.ToString();
    }

    /// <summary>The page-level script tag a page includes once, given plotly.js's URL.</summary>
    public static string PageScript(string src) =>
        $"<script type=\"text/javascript\" src=\"{src}\"></script>\n<script type=\"text/javascript\">(window.metanbPlotlyQueue||[]).forEach(function(f){{f();}});window.metanbPlotlyQueue=[];</script>";

    /// <summary>The pinned plotly.js version (read from the bundle's banner).</summary>
    public static string PlotlyVersion
    {
        get
        {
            var head = PlotlyAsset.Text.AsSpan(0, Math.Min(200, PlotlyAsset.Text.Length)).ToString();
            var match = System.Text.RegularExpressions.Regex.Match(head, @"v(\d+\.\d+\.\d+)");
            return match.Success ? match.Groups[1].Value : "unknown";
        }
    }

    /// <summary>Keeps JSON safe inside a script element.</summary>
    public static string Escape(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);
}
