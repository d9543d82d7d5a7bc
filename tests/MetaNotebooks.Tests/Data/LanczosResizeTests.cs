using System.IO.Compression;
using System.Text.Json;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

/// <summary>
/// LanczosResize equals Pillow's <c>Image.open(png).convert('L').resize((28, 28), Image.LANCZOS)</c> bit for bit, on
/// real Omniglot drawings: Fixtures/pillow_lanczos_28.json holds Pillow's pixels (made by
/// Fixtures/make_pillow_lanczos.py with Debian's python3-pil; the version is in the fixture), this test decodes the
/// same zip entries with GrayPng and resizes them here.
/// </summary>
public sealed class LanczosResizeTests
{
    private sealed record Drawing(string Zip, string Entry, int Width, int Height, string Mode, byte[] Pixels);

    private static (string Pillow, int Size, List<Drawing> Drawings) Fixture()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pillow_lanczos_28.json")));
        var root = json.RootElement;
        var drawings = root.GetProperty("drawings").EnumerateArray().Select(d => new Drawing(
            d.GetProperty("zip").GetString()!, d.GetProperty("entry").GetString()!, d.GetProperty("width").GetInt32(),
            d.GetProperty("height").GetInt32(), d.GetProperty("mode").GetString()!, Convert.FromBase64String(d.GetProperty("pixels_base64").GetString()!))).ToList();
        return (root.GetProperty("pillow").GetString()!, root.GetProperty("size").GetInt32(), drawings);
    }

    private static byte[] ReadEntry(string zip, string entry)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(TestData.OmniglotFolder(), zip));
        using var s = archive.GetEntry(entry)!.Open();
        using var memory = new MemoryStream();
        s.CopyTo(memory);
        return memory.ToArray();
    }

    [Fact]
    public void Omniglot_drawings_resize_to_exactly_pillows_pixels()
    {
        var (pillow, size, drawings) = Fixture();
        Assert.Equal("9.4.0", pillow);
        Assert.Equal(6, drawings.Count);
        foreach (var d in drawings)
        {
            var (pixels, width, height) = GrayPng.Decode(ReadEntry(d.Zip, d.Entry));
            Assert.Equal((d.Width, d.Height), (width, height));
            var ours = LanczosResize.Resize(pixels, width, height, size, size);
            Assert.Equal(size * size, d.Pixels.Length);
            var differing = Enumerable.Range(0, ours.Length).Where(i => ours[i] != d.Pixels[i]).ToList();
            Assert.True(differing.Count == 0,
                $"{d.Entry}: {differing.Count} of {ours.Length} pixels differ from Pillow {pillow}, e.g. pixel {differing.FirstOrDefault()}: " +
                $"ours {ours[differing.FirstOrDefault()]}, Pillow {d.Pixels[differing.FirstOrDefault()]}");
            // Real Lanczos output: grey levels between ink and paper (not a binary nearest-neighbour image).
            Assert.True(ours.Distinct().Count() > 10, $"{d.Entry} should have anti-aliased edges");
        }
    }

    [Fact]
    public void Identity_size_keeps_the_pixels_and_bad_sizes_are_refused()
    {
        byte[] pixels = [0, 10, 20, 30, 40, 50];
        Assert.Equal(pixels, LanczosResize.Resize(pixels, 3, 2, 3, 2));
        // A constant image stays constant under any resize (the coefficients sum to one).
        Assert.All(LanczosResize.Resize(Enumerable.Repeat((byte)77, 105 * 105).ToArray(), 105, 105, 28, 28), p => Assert.Equal(77, p));
        Assert.All(LanczosResize.Resize(Enumerable.Repeat((byte)255, 20 * 10).ToArray(), 20, 10, 50, 7), p => Assert.Equal(255, p));
        Assert.Contains("sizes must be positive and match", Assert.Throws<ArgumentException>(() => LanczosResize.Resize(pixels, 3, 3, 2, 2)).Message);
        Assert.Throws<ArgumentException>(() => LanczosResize.Resize(pixels, 3, 2, 0, 2));
    }
}
