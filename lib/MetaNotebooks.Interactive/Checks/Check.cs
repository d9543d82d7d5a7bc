using System.Globalization;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Interactive.Checks;

/// <summary>
/// A notebook's comparisons of a step derived by hand with the library's (nn-zero-to-hero's <c>cmp</c>): each prints
/// one line, "name: exact" or "name: close, max |difference| 3.1e-08 (tolerance 1e-05)", and throws a
/// <see cref="CheckFailedException"/> that says what differs when the two disagree, so a check cell is one line per
/// quantity.
/// </summary>
public static class Check
{
    /// <summary>
    /// Compares two tensors: same shape, and every element within <paramref name="tolerance"/> (absolute, after
    /// conversion to float64). Returns the largest absolute difference.
    /// </summary>
    public static double Close(string name, Tensor ours, Tensor reference, double tolerance = 1e-5)
    {
        if (!ours.shape.SequenceEqual(reference.shape))
            throw new CheckFailedException($"{name}: shape {Shapes.Format(ours)} but the library's is {Shapes.Format(reference)}.");
        double difference;
        long worst;
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            var d = (ours.detach().to(torch.float64) - reference.detach().to(torch.float64)).abs().flatten();
            if (d.numel() == 0) return Report(name, 0, tolerance);
            difference = d.max().ToDouble();
            worst = d.argmax().ToInt64();
            if (double.IsNaN(difference))
                throw new CheckFailedException($"{name}: NaN where the library has a number (or the other way round).");
        }
        if (difference > tolerance)
        {
            var at = Shapes.Format(UnravelIndex(worst, ours.shape));
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: differs from the library's by up to {difference:G3} (at index {at}), more than the tolerance {tolerance:0.#e+00}."));
        }
        return Report(name, difference, tolerance);
    }

    /// <summary>Compares two numbers within <paramref name="tolerance"/> (absolute). Returns the absolute difference.</summary>
    public static double Close(string name, double ours, double reference, double tolerance = 1e-9)
    {
        var difference = Math.Abs(ours - reference);
        if (!(difference <= tolerance))
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {ours:G10} but the library's is {reference:G10} (difference {difference:G3}, tolerance {tolerance:0.#e+00})."));
        return Report(name, difference, tolerance);
    }

    /// <summary>Asserts <paramref name="condition"/>; otherwise fails with <paramref name="message"/>. Prints "ok: message".</summary>
    public static void That(bool condition, string message)
    {
        if (!condition) throw new CheckFailedException($"check failed: {message}");
        Console.WriteLine($"ok: {message}");
    }

    // The multi-index of element `flat` of a row-major tensor of `shape` (PyTorch's torch.unravel_index).
    private static long[] UnravelIndex(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            index[i] = flat % shape[i];
            flat /= shape[i];
        }
        return index;
    }

    private static double Report(string name, double difference, double tolerance)
    {
        Console.WriteLine(difference == 0
            ? $"{name}: exact"
            : string.Create(CultureInfo.InvariantCulture, $"{name}: close, max |difference| {difference:0.#e+00} (tolerance {tolerance:0.#e+00})"));
        return difference;
    }
}
