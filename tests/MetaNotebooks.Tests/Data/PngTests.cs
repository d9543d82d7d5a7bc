using System.IO.Compression;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class PngTests(OmniglotFixture fixture)
{
    [Fact]
    public void Decodes_an_8_bit_gray_png()
    {
        var bytes = PngWriter.Gray(7, 3, (x, y) => (byte)(10 * x + y));
        var (pixels, width, height) = GrayPng.Decode(bytes);
        Assert.Equal((7, 3), (width, height));
        Assert.Equal(21, pixels.Length);
        Assert.Equal((byte)(10 * 4 + 2), pixels[2 * 7 + 4]);
    }

    [Fact]
    public void Decodes_a_real_one_bit_omniglot_png()
    {
        var bytes = RealPng();
        var (pixels, width, height) = GrayPng.Decode(bytes);
        Assert.Equal((105, 105), (width, height));
        Assert.All(pixels, p => Assert.True(p is 0 or 255, $"a 1-bit image decodes to 0 or 255, got {p}"));
        Assert.Contains((byte)0, pixels);   // ink
        Assert.Contains((byte)255, pixels); // paper
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        Assert.Contains("not a readable PNG", Assert.Throws<InvalidDataException>(() => GrayPng.Decode([])).Message);
        Assert.Contains("not a readable PNG", Assert.Throws<InvalidDataException>(() => GrayPng.Decode("GIF89a..."u8.ToArray())).Message);
        var real = RealPng();
        Assert.Contains("not a readable PNG", Assert.Throws<InvalidDataException>(() => GrayPng.Decode(real.AsSpan(0, real.Length / 2).ToArray())).Message);
        Assert.Throws<ArgumentNullException>(() => GrayPng.Decode(null!));
    }

    private byte[] RealPng()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(fixture.DataFolder, "images_background.zip"));
        var entry = zip.Entries.First(e => e.FullName.EndsWith(".png", StringComparison.Ordinal));
        using var s = entry.Open();
        var bytes = new byte[entry.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
