using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using MetaNotebooks.Interactive.Notebooks;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// A results table made from plain records: one row per record, one column per public property, in
/// declaration order. Shows as an HTML table (and aligned text where HTML does not render).
/// <code>Table.Show(results);   // results: IEnumerable&lt;Result&gt;, record Result(string Method, double Accuracy)</code>
/// </summary>
public sealed class Table
{
    private Table(string? title, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Title = title;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The caption, or null.</summary>
    public string? Title { get; }

    /// <summary>The column names (the records' property names).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The cells as text.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>Builds the table from records; numbers are shown with up to 4 significant decimals.</summary>
    public static Table From<T>(IEnumerable<T> records, string? title = null)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .ToList();
        var rows = records.Select(r => (IReadOnlyList<string>)properties.Select(p => Cell(p.GetValue(r))).ToList()).ToList();
        return new Table(title, properties.Select(p => p.Name).ToList(), rows);
    }

    /// <summary>Builds the table and shows it in the notebook.</summary>
    public static DisplayHandle Show<T>(IEnumerable<T> records, string? title = null) => From(records, title).Show();

    /// <summary>Shows the table in the notebook.</summary>
    public DisplayHandle Show() => NotebookDisplay.Show(this, MimeTypes.Html, MimeTypes.PlainText);

    /// <summary>The HTML table.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"metanb-table\">");
        if (Title is not null)
        {
            html.Append("<caption>").Append(WebUtility.HtmlEncode(Title)).Append("</caption>");
        }
        html.Append("<thead><tr>").AppendJoin("", Columns.Select(c => $"<th>{WebUtility.HtmlEncode(c)}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>")).Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Aligned plain text.</summary>
    public override string ToString()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, Rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToList();
        var text = new StringBuilder();
        if (Title is not null)
        {
            text.AppendLine(Title);
        }
        text.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in Rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
        return text.ToString().TrimEnd('\n', '\r');
    }

    internal static void Register()
    {
        Formatter.Register<Table>(t => t.ToHtml(), MimeTypes.Html);
        Formatter.Register<Table>(t => t.ToString(), MimeTypes.PlainText);
        Formatter.SetPreferredMimeTypesFor(typeof(Table), MimeTypes.Html);
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
