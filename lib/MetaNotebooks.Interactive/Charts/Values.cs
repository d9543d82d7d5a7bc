using System.Text.Json.Nodes;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// A series of numbers for a chart, converted implicitly from <c>double[]</c>, <c>float[]</c>, <c>int[]</c>
/// or <c>List&lt;double&gt;</c>, so a cell passes whatever array it has.
/// </summary>
public readonly struct Values
{
    private readonly double[] _items;

    /// <summary>Wraps the numbers.</summary>
    public Values(IEnumerable<double> items) => _items = items.ToArray();

    /// <summary>The numbers.</summary>
    public IReadOnlyList<double> Items => _items ?? [];

    /// <summary>How many numbers.</summary>
    public int Count => Items.Count;

    /// <summary>From doubles.</summary>
    public static implicit operator Values(double[] items) => new(items);

    /// <summary>From floats.</summary>
    public static implicit operator Values(float[] items) => new(items.Select(v => (double)v));

    /// <summary>From integers.</summary>
    public static implicit operator Values(int[] items) => new(items.Select(v => (double)v));

    /// <summary>From a list of doubles.</summary>
    public static implicit operator Values(List<double> items) => new(items);

    /// <summary>0, 1, ..., n-1 (the default x of a series).</summary>
    public static Values Range(int n) => new(Enumerable.Range(0, n).Select(i => (double)i));

    internal JsonArray ToJson() => new(Items.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null).ToArray<JsonNode?>());
}
