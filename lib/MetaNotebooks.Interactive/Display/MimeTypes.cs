namespace MetaNotebooks.Interactive.Display;

/// <summary>The mime types the runner writes and the course site reads.</summary>
public static class MimeTypes
{
    /// <summary>Plain text.</summary>
    public const string PlainText = "text/plain";
    /// <summary>HTML.</summary>
    public const string Html = "text/html";
    /// <summary>Markdown.</summary>
    public const string Markdown = "text/markdown";
    /// <summary>A PNG image, base64-encoded.</summary>
    public const string Png = "image/png";
    /// <summary>A Plotly figure as JSON (the mime type JupyterLab's Plotly renderer reads).</summary>
    public const string Plotly = "application/vnd.plotly.v1+json";
    /// <summary>A notebook's headline figure (label and value), as JSON; the course index shows it.</summary>
    public const string Headline = "application/vnd.metanb.headline+json";
    /// <summary>A reported test result (method, setting, accuracy, interval, episodes), as JSON; the runner gathers them.</summary>
    public const string Result = "application/vnd.metanb.result+json";

    /// <summary>Whether nbformat stores this mime type as JSON rather than text.</summary>
    public static bool IsJson(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>Whether this mime type's value is base64 (stored as one string).</summary>
    public static bool IsBinary(string mime) => mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml";
}
