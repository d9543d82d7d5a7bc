using System.Globalization;
using System.Reflection;
using Microsoft.Data.Analysis;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// Results tables from plain records, as <see cref="DataFrame"/>s: one row per record, one column per public property,
/// in declaration order (numbers stay numbers; anything else is its invariant text). The kernel shows a DataFrame as an
/// HTML table (Microsoft.Data.Analysis's formatter), in VS Code, Jupyter and <c>metanb run</c> alike.
/// <code>Table.Show(results, "Few-shot accuracy");   // results: IEnumerable&lt;Result&gt;, record Result(string Method, double Accuracy)</code>
/// </summary>
public static class Table
{
    /// <summary>The records as a DataFrame.</summary>
    public static DataFrame From<T>(IEnumerable<T> records)
    {
        var rows = records.ToList();
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);
        return new DataFrame(properties.Select(p => Column(p.Name, p.PropertyType, rows.Select(r => p.GetValue(r)).ToList())));
    }

    /// <summary>Shows <paramref name="title"/> (when given) and the table in the notebook.</summary>
    public static DisplayHandle Show(DataFrame table, string? title = null)
    {
        if (title is not null)
        {
            Console.WriteLine(title);
        }
        return NotebookDisplay.Show(table);
    }

    /// <summary>Builds the table from records and shows it.</summary>
    public static DisplayHandle Show<T>(IEnumerable<T> records, string? title = null) => Show(From(records), title);

    /// <summary>A column of the property's values: numeric columns for numbers, text otherwise.</summary>
    private static DataFrameColumn Column(string name, Type type, IReadOnlyList<object?> values)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture)));
        }
        if (t == typeof(int) || t == typeof(short) || t == typeof(byte))
        {
            return new Int32DataFrameColumn(name, values.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture)));
        }
        if (t == typeof(long))
        {
            return new Int64DataFrameColumn(name, values.Select(v => (long?)v));
        }
        if (t == typeof(bool))
        {
            return new BooleanDataFrameColumn(name, values.Select(v => (bool?)v));
        }
        return new StringDataFrameColumn(name, values.Select(v => v switch
        {
            null => null,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
    }
}
