using StbImageSharp;

namespace MetaNotebooks.Data;

/// <summary>Decodes a PNG (any bit depth or colour type) to 8-bit grayscale with StbImageSharp, a managed codec.</summary>
public static class GrayPng
{
    /// <summary>Row-major pixels (0 = black, 255 = white), width and height.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a decodable image.</exception>
    public static (byte[] Pixels, int Width, int Height) Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, ColorComponents.Grey);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"not a readable PNG ({e.Message}).", e);
        }
        if (image is null || image.Data is null || image.Width <= 0 || image.Height <= 0 || image.Data.Length != image.Width * image.Height)
            throw new InvalidDataException("not a readable PNG (no pixels decoded).");
        return (image.Data, image.Width, image.Height);
    }
}
