using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// Argument checks for the library's public functions: a wrong shape or dtype becomes an <see cref="ArgumentException"/>
/// naming the tensor, its shape and what was expected, before it can reach a TorchSharp call that would end the
/// process (TorchSharp 0.107's <c>matmul</c> and <c>autograd.grad</c> abort on a mistake).
/// </summary>
public static class Shapes
{
    /// <summary>"[5, 1, 28, 28]".</summary>
    public static string Format(Tensor t) => Format(t.shape);

    /// <summary>"[5, 1, 28, 28]".</summary>
    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>
    /// Checks that <paramref name="t"/> has one size per entry of <paramref name="expected"/>, each equal to it where it
    /// is not null (null: any size). <paramref name="meaning"/> names the dimensions, e.g. "[N*K, C, H, W]".
    /// </summary>
    public static void Expect(Tensor? t, string name, string meaning, params long?[] expected)
    {
        if (t is null) throw new ArgumentNullException(name, $"{name} is null; expected a tensor {meaning}.");
        var shape = t.shape;
        var ok = shape.Length == expected.Length;
        for (var i = 0; ok && i < shape.Length; i++)
            if (expected[i] is { } size && shape[i] != size) ok = false;
        if (!ok)
        {
            var want = "[" + string.Join(", ", expected.Select(e => e?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*")) + "]";
            throw new ArgumentException($"{name} has shape {Format(shape)}; expected {meaning} = {want}.", name);
        }
    }

    /// <summary>Checks the dtype of <paramref name="t"/>.</summary>
    public static void ExpectDtype(Tensor t, string name, params ScalarType[] dtypes)
    {
        if (!dtypes.Contains(t.dtype))
            throw new ArgumentException($"{name} has dtype {t.dtype}; expected {string.Join(" or ", dtypes)}.", name);
    }
}
