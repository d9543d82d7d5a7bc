using System.IO.Compression;
using MetaNotebooks.Torch.Imaging;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class PngTests(OmniglotFixture fixture)
{
    [Fact]
    public void Decodes_an_8_bit_gray_png()
    {
        var bytes = PngWriter.Gray(7, 3, (x, y) => (byte)(10 * x + y));
        Assert.Equal((7, 3), Png.ReadSize(bytes));
        var (pixels, width, height) = Png.DecodeGray(bytes);
        Assert.Equal((7, 3), (width, height));
        Assert.Equal(21, pixels.Length);
        Assert.Equal((byte)(10 * 4 + 2), pixels[2 * 7 + 4]);
    }

    [Fact]
    public void Decodes_a_real_one_bit_omniglot_png()
    {
        var bytes = RealPng();
        var (pixels, width, height) = Png.DecodeGray(bytes);
        Assert.Equal((105, 105), (width, height));
        Assert.All(pixels, p => Assert.True(p is 0 or 255, $"a 1-bit image decodes to 0 or 255, got {p}"));
        Assert.Contains((byte)0, pixels);   // ink
        Assert.Contains((byte)255, pixels); // paper
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        Assert.Contains("0 bytes", Assert.Throws<InvalidDataException>(() => Png.DecodeGray([])).Message);
        var notPng = Assert.Throws<InvalidDataException>(() => Png.DecodeGray("GIF89a..."u8.ToArray())).Message;
        Assert.Contains("Not a PNG", notPng);
        Assert.Contains("474946383961", notPng);
        var real = RealPng();
        var truncated = Assert.Throws<InvalidDataException>(() => Png.DecodeGray(real.AsSpan(0, real.Length / 2))).Message;
        Assert.Contains("truncated or corrupted", truncated);
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
