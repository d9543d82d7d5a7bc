using System.Globalization;
using System.Text;

namespace MetaNotebooks.Torch;

/// <summary>Renders a tensor as text: nested brackets of values, eliding the middle of long dimensions.</summary>
internal static class TensorFormatter
{
    private const int EdgeItems = 3;

    internal static string Format(Tensor t)
    {
        var shape = t.shape;
        var dtype = t.dtype;
        double[] values;
        using (var cpu = t.detach().to(ScalarType.Float64, new Device(DeviceType.CPU))) values = cpu.data<double>();
        var sb = new StringBuilder("tensor(");
        if (shape.Length == 0) sb.Append(Value(values[0], dtype));
        else Append(sb, values, shape, 0, 0, dtype, 7);
        sb.Append(", shape=").Append(Tensor.FormatShape(shape)).Append(", dtype=").Append(dtype.Name());
        if (t.device.Type != DeviceType.CPU) sb.Append(", device=").Append(t.device);
        if (t.requires_grad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    private static void Append(StringBuilder sb, double[] v, long[] shape, int d, long offset, ScalarType dtype, int indent)
    {
        long stride = 1;
        for (var i = d + 1; i < shape.Length; i++) stride *= shape[i];
        var n = shape[d];
        sb.Append('[');
        for (long i = 0; i < n; i++)
        {
            if (n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(d == shape.Length - 1 ? "..., " : "...,\n" + new string(' ', indent + d + 1));
                i = n - EdgeItems - 1;
                continue;
            }
            if (d == shape.Length - 1) sb.Append(Value(v[offset + i], dtype));
            else Append(sb, v, shape, d + 1, offset + i * stride, dtype, indent);
            if (i < n - 1) sb.Append(d == shape.Length - 1 ? ", " : ",\n" + new string(' ', indent + d + 1));
        }
        sb.Append(']');
    }

    private static string Value(double x, ScalarType dtype) => dtype switch
    {
        ScalarType.Bool => x != 0 ? "True" : "False",
        _ when !dtype.IsFloatingPoint() => ((long)x).ToString(CultureInfo.InvariantCulture),
        _ => x.ToString("0.0000", CultureInfo.InvariantCulture),
    };
}
