using MetaNotebooks.Interactive.Notebooks;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// Formats a value into a mime bundle through Microsoft.DotNet.Interactive.Formatting, the formatter
/// Polyglot Notebooks uses, so objects, collections and records render as they do there (HTML tables).
/// </summary>
public static class MimeBundle
{
    /// <summary>
    /// Formats <paramref name="value"/> for each of <paramref name="mimeTypes"/>; with none given, for the
    /// type's preferred mime types (as Polyglot picks them) plus <c>text/plain</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, params string[] mimeTypes)
    {
        ChartFormatters.EnsureRegistered();
        IEnumerable<string> mimes = mimeTypes.Length > 0
            ? mimeTypes
            : Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)).Append(MimeTypes.PlainText);
        var data = new Dictionary<string, string>();
        foreach (var mime in mimes.Distinct())
        {
            data[mime] = Formatter.ToDisplayString(value, mime);
        }
        return data;
    }
}
