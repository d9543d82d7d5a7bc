using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// Omniglot's cache file: where it is (<see cref="Omniglot.CacheFileName"/> in the cache folder), its key (a SHA-256 of
/// the layout version, the image size and the zips' trees), the atomic, checksummed write (<see cref="TensorFile"/>),
/// and the read that checks every entry and returns null, after saying why, when the cache is corrupt, partial or stale,
/// so that the loader rebuilds it instead of using it.
/// </summary>
internal static class OmniglotCache
{
    /// <summary>The cache's path for these options' data folder, cache folder and image size.</summary>
    public static string PathFor(string dataFolder, OmniglotOptions options) =>
        Path.Combine(DataFolder.Cache(dataFolder, options.CacheFolder), Omniglot.CacheFileName(options.ImageSize));

    /// <summary>The cache's key: what it was built from (the layout version, the size, the drawings, every tree's fingerprint, in order).</summary>
    public static byte[] SourceFingerprint(IEnumerable<OmniglotTree> trees, int size, int drawings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Invariant($"omniglot v{Omniglot.CacheFormatVersion} {size}px {drawings} drawings\n")));
        foreach (var t in trees) hash.AppendData(t.Fingerprint());
        return hash.GetHashAndReset();
    }

    /// <summary>Writes the cache atomically: the images, the class names (set, alphabet, character; one line each) and the key.</summary>
    public static void Write(string path, IReadOnlyList<OmniglotClass> classes, byte[] pixels, int size, int drawings, byte[] source)
    {
        var names = Encoding.UTF8.GetBytes(string.Join("\n", classes.Select(c => Invariant($"{c.Set}\t{c.Alphabet}\t{c.Character}"))));
        using var scope = torch.NewDisposeScope();
        // On the CPU on purpose: these tensors only carry the bytes to the file (TensorFile writes host memory); the
        // images reach the run's device when a task batch is built.
        TensorFile.Save(new Dictionary<string, Tensor>
        {
            ["images"] = torch.tensor(pixels, [classes.Count, drawings, 1, size, size], device: torch.CPU),
            ["class_names"] = torch.tensor(names, device: torch.CPU),
            ["source_sha256"] = torch.tensor(source, device: torch.CPU),
        }, path);
    }

    /// <summary>
    /// <see cref="Write"/>, then logs the file's size and the load's time so far; a folder that cannot be written is logged
    /// (with the fix), not thrown: the images are fine, only the next load will be slow.
    /// </summary>
    public static void WriteOrWarn(string path, IReadOnlyList<OmniglotClass> classes, byte[] pixels, int size, int drawings, byte[] source, Stopwatch stopwatch, Action<string> log)
    {
        try
        {
            Write(path, classes, pixels, size, drawings, source);
            log(Invariant($"Omniglot: wrote {path} ({new FileInfo(path).Length / 1e6:0.0} MB) in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The images are fine; only the next load will be slow. Say how to fix it and go on.
            log(Invariant($"Omniglot: could not write the cache {path} ({e.Message}). The data is loaded, but the next load will ") +
                "decode the zips again: set OmniglotOptions.CacheFolder to a writable folder.");
        }
    }

    /// <summary>
    /// The classes and pixels in the cache at <paramref name="path"/>, or null (after logging why) when it is unreadable,
    /// lacks an entry, was built from other zips (when <paramref name="expectedSource"/> is given), or does not fit the manifest.
    /// </summary>
    public static (IReadOnlyList<OmniglotClass> Classes, byte[] Pixels)? TryRead(string path, byte[]? expectedSource, int size, OmniglotManifest manifest, Action<string> log)
    {
        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = TensorFile.Load(path);
        }
        catch (InvalidDataException e)
        {
            log(Invariant($"Omniglot: the cache is unusable and will be rebuilt: {e.Message}"));
            return null;
        }
        try
        {
            if (!tensors.TryGetValue("images", out var images) || !tensors.TryGetValue("class_names", out var names) ||
                !tensors.TryGetValue("source_sha256", out var source))
            {
                log(Invariant($"Omniglot: the cache {path} lacks an entry (images, class_names, source_sha256); rebuilding it."));
                return null;
            }
            if (expectedSource is not null && !source.data<byte>().ToArray().AsSpan().SequenceEqual(expectedSource))
            {
                log(Invariant($"Omniglot: the zips changed since the cache {path} was built; rebuilding it."));
                return null;
            }
            var lines = Encoding.UTF8.GetString(names.data<byte>().ToArray()).Split('\n');
            var classes = new List<OmniglotClass>(lines.Length);
            foreach (var line in lines)
            {
                var parts = line.Split('\t');
                if (parts.Length != 3 || !Enum.TryParse<OmniglotSet>(parts[0], out var set))
                {
                    log(Invariant($"Omniglot: the cache {path} has a malformed class name \"{line}\"; rebuilding it."));
                    return null;
                }
                classes.Add(new OmniglotClass(classes.Count, set, parts[1], parts[2]));
            }
            var expectedClasses = manifest.CharacterCount(OmniglotSet.Background) + manifest.CharacterCount(OmniglotSet.Evaluation);
            if (classes.Count != expectedClasses)
            {
                log(Invariant($"Omniglot: the cache {path} holds {classes.Count} characters, the manifest {expectedClasses}; rebuilding it."));
                return null;
            }
            long[] expectedShape = [classes.Count, manifest.DrawingsPerCharacter, 1, size, size];
            if (images.dtype != ScalarType.Byte || !images.shape.SequenceEqual(expectedShape))
            {
                log(Invariant($"Omniglot: the cache {path} holds images of shape {string.Join("x", images.shape)}, expected {string.Join("x", expectedShape)}; rebuilding it."));
                return null;
            }
            return (classes, images.data<byte>().ToArray());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
