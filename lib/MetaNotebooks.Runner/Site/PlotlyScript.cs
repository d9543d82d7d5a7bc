namespace MetaNotebooks.Runner.Site;

/// <summary>
/// How a site page draws charts: plotly.js loaded once per page from the site's assets, and each chart's Plotly JSON
/// (the <c>application/vnd.plotly.v1+json</c> output every course chart carries) drawn into its own box, offline.
/// </summary>
public static class PlotlyScript
{
    /// <summary>The page-level script tag a page includes once, given plotly.js's URL.</summary>
    public static string PageScript(string src) => $"<script type=\"text/javascript\" src=\"{src}\"></script>";

    /// <summary>A box and the script that draws <paramref name="figureJson"/> (<c>{data, layout}</c>) into it.</summary>
    public static string Figure(string figureJson)
    {
        var id = "metanb-fig-" + Guid.NewGuid().ToString("N")[..12];
        return $"<div id=\"{id}\" class=\"metanb-figure\"></div><script type=\"text/javascript\">(function(){{var fig={Escape(figureJson)};" +
               $"Plotly.newPlot(document.getElementById('{id}'),fig.data,fig.layout,{{displaylogo:false}});}})();</script>";
    }

    /// <summary>Keeps JSON safe inside a script element.</summary>
    public static string Escape(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);
}
