using System.IO.Compression;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// Turns verified Omniglot trees into the dataset's classes and pixels: every PNG decoded with <see cref="GrayPng"/>,
/// resized with Pillow's Lanczos filter (<see cref="LanczosResize"/>) and inverted (ink = 255), in parallel, 64
/// characters at a time.
/// </summary>
internal static class OmniglotDecoder
{
    /// <summary>
    /// The characters of all <paramref name="trees"/>, sorted ordinally by id, and their drawings as uint8
    /// [classes, drawings, size, size]; a drawing that cannot be read or decoded is an error naming it.
    /// </summary>
    public static (IReadOnlyList<OmniglotClass> Classes, byte[] Pixels) Decode(IReadOnlyList<OmniglotTree> trees, int size, int drawings)
    {
        var characters = trees
            .SelectMany(t => t.Characters.Select(id => (Tree: t, Id: id)))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var classes = characters.Select((c, i) =>
        {
            var slash = c.Id.IndexOf('/');
            return new OmniglotClass(i, c.Tree.Set, c.Id[..slash], c.Id[(slash + 1)..]);
        }).ToArray();
        var pixels = (long)size * size;
        var output = new byte[classes.Length * drawings * pixels];
        const int chunk = 64; // characters decoded and resized together
        for (var start = 0; start < classes.Length; start += chunk)
        {
            var count = Math.Min(chunk, classes.Length - start);
            var files = new (string Name, byte[] Bytes)[count * drawings];
            for (var c = 0; c < count; c++)
            {
                var cls = classes[start + c];
                var entries = characters[start + c].Tree.Drawings(cls.Alphabet, cls.Character);
                for (var d = 0; d < drawings; d++) files[c * drawings + d] = ReadEntry(entries[d], characters[start + c].Tree.ZipPath);
            }
            var decoded = new (byte[] Pixels, int Width, int Height)[files.Length];
            var failures = new InvalidDataException?[files.Length];
            Parallel.For(0, files.Length, i =>
            {
                try
                {
                    decoded[i] = GrayPng.Decode(files[i].Bytes);
                }
                catch (InvalidDataException e)
                {
                    failures[i] = new InvalidDataException(Invariant($"Cannot decode {files[i].Name}: {e.Message} Replace the zip with a complete copy."), e);
                }
            });
            if (failures.FirstOrDefault(f => f is not null) is { } failure) throw failure;
            Resize(decoded, size, output.AsSpan((int)(start * drawings * pixels), (int)(count * drawings * pixels)));
        }
        return (classes, output);
    }

    private static (string Name, byte[] Bytes) ReadEntry(ZipArchiveEntry entry, string zipPath)
    {
        var name = Invariant($"{Path.GetFileName(zipPath)}:{entry.FullName}");
        try
        {
            using var stream = entry.Open();
            var bytes = new byte[entry.Length];
            stream.ReadExactly(bytes);
            return (name, bytes);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException(Invariant($"Cannot read {name} ({e.Message}): {zipPath} is damaged. Delete it and put a complete copy there."), e);
        }
    }

    /// <summary>
    /// Resizes each grayscale drawing to size x size with Pillow's Lanczos filter (as the MAML and ProtoNet loaders ask
    /// for), then inverts it so that ink = 255 and background = 0.
    /// </summary>
    private static void Resize((byte[] Pixels, int Width, int Height)[] images, int size, Span<byte> destination)
    {
        var pixels = size * size;
        var resized = new byte[images.Length][];
        Parallel.For(0, images.Length, k =>
        {
            var (src, w, h) = images[k];
            resized[k] = w == size && h == size ? src : LanczosResize.Resize(src, w, h, size, size);
        });
        for (var k = 0; k < images.Length; k++)
        {
            var dst = destination.Slice(k * pixels, pixels);
            for (var p = 0; p < pixels; p++) dst[p] = (byte)(255 - resized[k][p]);
        }
    }
}
