using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// Shows a tensor as text, its metadata line then its values (TorchSharp's Julia style, e.g.
/// "[2x3], type = Float32, device = cpu" and the rows), instead of the formatter's default HTML table of the
/// tensor's properties. A disposed tensor shows as "tensor(disposed)".
/// </summary>
public static class TensorDisplay
{
    /// <summary>The text a notebook shows for <paramref name="tensor"/>.</summary>
    public static string Format(Tensor tensor) =>
        tensor.IsInvalid ? "tensor(disposed)" : tensor.ToString(TorchSharp.TensorStringStyle.Julia, newLine: "\n").TrimEnd();

    /// <summary>Registers the text formatter for tensors with the kernel's Formatter (CourseFormatters does it at setup).</summary>
    public static void Register()
    {
        Formatter.Register<Tensor>(Format, MimeTypes.PlainText);
        Formatter.SetPreferredMimeTypesFor(typeof(Tensor), MimeTypes.PlainText);
    }
}
