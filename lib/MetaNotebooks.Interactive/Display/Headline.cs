using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// A notebook's headline figure (e.g. "5-way 1-shot accuracy" = "97.4 ± 0.3%"). Shown in the notebook as
/// a highlighted line; the course index shows the last one each notebook displayed.
/// </summary>
/// <param name="Label">What the number is.</param>
/// <param name="Value">The number, formatted as the reader should see it.</param>
public sealed record Headline(string Label, string Value)
{
    /// <summary>Registers the formatters (HTML, text and the headline JSON the site reads).</summary>
    internal static void Register()
    {
        Formatter.Register<Headline>(h => $"<div class=\"metanb-headline\" style=\"font-size:1.2em;padding:.4em .8em;border-left:4px solid #1f77b4;background:#f3f7fb\">{WebUtility.HtmlEncode(h.Label)}: <b>{WebUtility.HtmlEncode(h.Value)}</b></div>", MimeTypes.Html);
        Formatter.Register<Headline>(h => $"{h.Label}: {h.Value}", MimeTypes.PlainText);
        Formatter.Register<Headline>(h => new JsonObject { ["label"] = h.Label, ["value"] = h.Value }.ToJsonString(), MimeTypes.Headline);
    }

    /// <summary>Shows the headline in the current cell.</summary>
    public DisplayHandle Show() => NotebookDisplay.Show(this, MimeTypes.Html, MimeTypes.Headline, MimeTypes.PlainText);

    /// <summary>Reads a headline back from its JSON (as stored in an executed notebook).</summary>
    public static Headline? FromJson(string? json) =>
        json is null ? null : JsonNode.Parse(json) is JsonObject o && o["label"] is JsonValue l && o["value"] is JsonValue v
            ? new Headline(l.GetValue<string>(), v.GetValue<string>()) : null;
}
