namespace MetaNotebooks.Data;

/// <summary>
/// Resizes an 8-bit grayscale image with a Lanczos-3 filter exactly as Pillow does (<c>Image.resize(size, LANCZOS)</c>
/// on an "L" image: separable, the filter widened by the scale when shrinking, coefficients normalised per output pixel
/// and rounded to 22-bit fixed point, a horizontal then a vertical pass, each rounded and clipped to 0..255), so that
/// the pixels equal those of the papers' Python loaders bit for bit.
/// </summary>
public static class LanczosResize
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 3.0;

    /// <summary>Resizes <paramref name="pixels"/> (row-major, <paramref name="width"/> x <paramref name="height"/>) to <paramref name="outWidth"/> x <paramref name="outHeight"/>.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> pixels, int width, int height, int outWidth, int outHeight)
    {
        if (width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0 || pixels.Length != width * height)
            throw new ArgumentException($"LanczosResize: {pixels.Length} pixels for a {width}x{height} image to {outWidth}x{outHeight}; sizes must be positive and match.");
        var current = pixels.ToArray();
        if (outWidth != width)
        {
            var (bounds, kernel, size) = Coefficients(width, outWidth);
            var next = new byte[outWidth * height];
            for (var y = 0; y < height; y++)
            for (var x = 0; x < outWidth; x++)
            {
                var (start, count) = bounds[x];
                long sum = 1L << (PrecisionBits - 1);
                for (var k = 0; k < count; k++) sum += current[y * width + start + k] * (long)kernel[x * size + k];
                next[y * outWidth + x] = Clip(sum);
            }
            current = next;
        }
        if (outHeight != height)
        {
            var (bounds, kernel, size) = Coefficients(height, outHeight);
            var next = new byte[outWidth * outHeight];
            for (var y = 0; y < outHeight; y++)
            {
                var (start, count) = bounds[y];
                for (var x = 0; x < outWidth; x++)
                {
                    long sum = 1L << (PrecisionBits - 1);
                    for (var k = 0; k < count; k++) sum += current[(start + k) * outWidth + x] * (long)kernel[y * size + k];
                    next[y * outWidth + x] = Clip(sum);
                }
            }
            current = next;
        }
        return current;
    }

    private static byte Clip(long sum)
    {
        var v = sum >> PrecisionBits;
        return (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
    }

    private static double Lanczos(double x)
    {
        if (x <= -Support || x >= Support) return 0.0;
        return Sinc(x) * Sinc(x / Support);
    }

    private static double Sinc(double x)
    {
        if (x == 0.0) return 1.0;
        x *= Math.PI;
        return Math.Sin(x) / x;
    }

    // Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis of inSize -> outSize.
    private static ((int Start, int Count)[] Bounds, int[] Kernel, int Size) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Support * filterScale;
        var size = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new (int, int)[outSize];
        var kernel = new int[outSize * size];
        var weights = new double[size];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var invScale = 1.0 / filterScale;
            var xmin = (int)(center - support + 0.5);
            if (xmin < 0) xmin = 0;
            var xmax = (int)(center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            var total = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                weights[x] = Lanczos((x + xmin - center + 0.5) * invScale);
                total += weights[x];
            }
            for (var x = 0; x < xmax; x++)
            {
                var w = total != 0.0 ? weights[x] / total : weights[x];
                kernel[xx * size + x] = (int)(w < 0 ? -0.5 + w * (1 << PrecisionBits) : 0.5 + w * (1 << PrecisionBits));
            }
            bounds[xx] = (xmin, xmax);
        }
        return (bounds, kernel, size);
    }
}
