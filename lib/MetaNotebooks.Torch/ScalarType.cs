namespace MetaNotebooks.Torch;

/// <summary>Element types, numbered as libtorch's c10::ScalarType.</summary>
public enum ScalarType
{
    Byte = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
}

/// <summary>Facts about element types.</summary>
public static class ScalarTypes
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType t) => t switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown scalar type"),
    };

    /// <summary>True for float16/32/64.</summary>
    public static bool IsFloatingPoint(this ScalarType t) => t is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64;

    /// <summary>PyTorch's name: float32, int64, bool, ...</summary>
    public static string Name(this ScalarType t) => t switch
    {
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => t.ToString().ToLowerInvariant(),
    };

    /// <summary>The scalar type that holds a .NET element type.</summary>
    public static ScalarType Of<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(float) => ScalarType.Float32,
        var t when t == typeof(double) => ScalarType.Float64,
        var t when t == typeof(long) => ScalarType.Int64,
        var t when t == typeof(int) => ScalarType.Int32,
        var t when t == typeof(short) => ScalarType.Int16,
        var t when t == typeof(byte) => ScalarType.Byte,
        var t when t == typeof(sbyte) => ScalarType.Int8,
        var t when t == typeof(bool) => ScalarType.Bool,
        var t => throw new NotSupportedException($"No tensor element type holds {t.Name}; use float, double, long, int, byte or bool."),
    };
}
