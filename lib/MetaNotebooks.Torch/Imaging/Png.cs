using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch.Imaging;

/// <summary>
/// PNG decoding with libpng (through the native layer): any PNG (1-, 8- or 16-bit, gray, palette or colour, with or
/// without alpha) becomes 8-bit grayscale pixels, row-major. Thread-safe: each call decodes its own image.
/// </summary>
public static class Png
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the width and height from a PNG's header without decoding its pixels.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a PNG, or its header is damaged.</exception>
    public static unsafe (int width, int height) ReadSize(ReadOnlySpan<byte> png)
    {
        CheckSignature(png);
        int width, height;
        fixed (byte* p = png)
        {
            if (LibTorch.mn_png_size(p, png.Length, out width, out height) != 0)
                throw new InvalidDataException($"{LibTorch.LastError()} ({png.Length} bytes): the PNG header is damaged.");
        }
        return (width, height);
    }

    /// <summary>
    /// Decodes a PNG held in memory to 8-bit grayscale: <c>pixels[y * width + x]</c>, 0 = black, 255 = white
    /// (colour is converted with libpng's sRGB luminance weights; alpha is composited on black, libpng's default).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a PNG, or the PNG is truncated or corrupted.</exception>
    public static unsafe (byte[] pixels, int width, int height) DecodeGray(ReadOnlySpan<byte> png)
    {
        var (width, height) = ReadSize(png);
        var size = (long)width * height;
        if (width <= 0 || height <= 0 || size > int.MaxValue)
            throw new InvalidDataException($"The PNG claims a {width}x{height} image, which cannot be decoded into one array.");
        var pixels = new byte[size];
        fixed (byte* p = png)
        fixed (byte* o = pixels)
        {
            if (LibTorch.mn_png_decode_gray(p, png.Length, o, pixels.Length) != 0)
                throw new InvalidDataException(
                    $"{LibTorch.LastError()} ({png.Length} bytes, {width}x{height}): the PNG is truncated or corrupted.");
        }
        return (pixels, width, height);
    }

    private static void CheckSignature(ReadOnlySpan<byte> png)
    {
        if (png.IsEmpty) throw new InvalidDataException("Cannot decode a PNG from 0 bytes: the file is empty.");
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            var head = Convert.ToHexString(png[..Math.Min(8, png.Length)]);
            throw new InvalidDataException(
                $"Not a PNG: the data ({png.Length} bytes) starts with {head}, not the PNG signature 89504E470D0A1A0A.");
        }
    }
}
