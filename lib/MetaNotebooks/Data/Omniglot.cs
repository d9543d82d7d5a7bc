using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// Omniglot (Lake, Salakhutdinov &amp; Tenenbaum 2015): 1,623 handwritten characters from 50 alphabets, 20 drawings
/// each, held in memory as uint8 pixels [classes, 20, 1, S, S] (S = 28 by default) with ink = 255, background = 0.
/// <see cref="Load(OmniglotOptions?)"/> finds the two zips (downloading them when missing and online), checks the tree,
/// decodes every PNG with StbImageSharp, resizes it with Pillow's Lanczos filter (<see cref="LanczosResize"/>), and caches the result in one checksummed tensor
/// file keyed by the zips' contents; later loads read the cache. Episode images are gathered, rotated and converted
/// in managed code (<see cref="CopyImages"/>), one tensor per task batch.
/// </summary>
public sealed class Omniglot : IEpisodeSource, IDisposable
{
    /// <summary>Version of the cache layout, the decoder and the resizing; part of the cache's key (its file name and its source fingerprint), bumped when any of them changes so that an old cache is rebuilt, not reused. 2: StbImageSharp + Pillow-exact Lanczos (1 was libpng + area interpolation).</summary>
    public const int CacheFormatVersion = 2;

    private static readonly float[] InkToFloat = Enumerable.Range(0, 256).Select(i => i / 255f).ToArray();
    private readonly byte[] _pixels;
    private readonly int[][] _rotations;
    private Tensor? _tensor;

    private Omniglot(IReadOnlyList<OmniglotClass> classes, byte[] pixels, int drawings, int size, string cachePath, bool built, TimeSpan elapsed)
    {
        Classes = classes;
        _pixels = pixels;
        DrawingsPerClass = drawings;
        ImageSize = size;
        CachePath = cachePath;
        CacheWasBuilt = built;
        LoadTime = elapsed;
        _rotations = RotationMaps(size);
    }

    /// <summary>Every character, sorted ordinally by <see cref="OmniglotClass.Id"/>; <c>Classes[i].Index == i</c>.</summary>
    public IReadOnlyList<OmniglotClass> Classes { get; }

    /// <summary>
    /// All images as one uint8 tensor [classes, drawings, 1, S, S]: 0 = background, 255 = ink; drawings in file-name
    /// order. Made on first use; freed by <see cref="Dispose"/>.
    /// </summary>
    public Tensor Pixels => _tensor ??= torch.tensor(_pixels, [Classes.Count, DrawingsPerClass, 1, ImageSize, ImageSize]).DetachFromDisposeScope();

    /// <summary>Drawings per character (20).</summary>
    public int DrawingsPerClass { get; }

    /// <summary>Side of the square images (28 or 105).</summary>
    public int ImageSize { get; }

    /// <summary>Shape of one image: [1, S, S].</summary>
    public long[] ImageShape => [1, ImageSize, ImageSize];

    /// <summary>The cache file these images were read from or written to.</summary>
    public string CachePath { get; }

    /// <summary>True when this load decoded the zips and wrote the cache; false when it read the cache.</summary>
    public bool CacheWasBuilt { get; }

    /// <summary>Wall-clock time of the load (building the cache included, downloads excluded).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Alphabet names, sorted ordinally.</summary>
    public IReadOnlyList<string> Alphabets => Classes.Select(c => c.Alphabet).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The characters of one set.</summary>
    public IReadOnlyList<OmniglotClass> ClassesOf(OmniglotSet set) => Classes.Where(c => c.Set == set).ToArray();

    /// <summary>The class with this id ("Alphabet/characterNN").</summary>
    public OmniglotClass Class(string id) => Classes.FirstOrDefault(c => c.Id == id)
        ?? throw new KeyNotFoundException(Invariant($"No Omniglot character \"{id}\". Ids look like \"Latin/character01\"; see Omniglot.Classes."));

    /// <summary>One drawing as float32 [1, S, S] in [0, 1] (ink = 1).</summary>
    public Tensor Image(int classIndex, int drawing)
    {
        if ((uint)classIndex >= (uint)Classes.Count) throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, Invariant($"Omniglot has classes 0..{Classes.Count - 1}."));
        if ((uint)drawing >= (uint)DrawingsPerClass) throw new ArgumentOutOfRangeException(nameof(drawing), drawing, Invariant($"Each class has drawings 0..{DrawingsPerClass - 1}."));
        var image = new float[ImageSize * ImageSize];
        CopyImages([(long)classIndex * DrawingsPerClass + drawing], [0], image);
        return torch.tensor(image, ImageShape);
    }

    /// <summary>The images with these ids (class * 20 + drawing) as float32 [n, 1, S, S] in [0, 1].</summary>
    public Tensor Images(ReadOnlySpan<long> imageIds)
    {
        var images = new float[imageIds.Length * ImageSize * ImageSize];
        CopyImages(imageIds, new int[imageIds.Length], images);
        return torch.tensor(images, [imageIds.Length, 1, ImageSize, ImageSize]);
    }

    /// <summary>
    /// Writes image <c>imageIds[i]</c> (class * 20 + drawing), rotated by <c>quarterTurns[i]</c> x 90 degrees
    /// counter-clockwise (as torch.rot90 over H, W), as floats in [0, 1] at <c>destination[i * S * S ..]</c>.
    /// </summary>
    public void CopyImages(ReadOnlySpan<long> imageIds, ReadOnlySpan<int> quarterTurns, Span<float> destination)
    {
        var pixels = ImageSize * ImageSize;
        if (quarterTurns.Length != imageIds.Length || destination.Length != imageIds.Length * pixels)
            throw new ArgumentException(Invariant($"CopyImages: {imageIds.Length} ids need {imageIds.Length} rotations and {imageIds.Length * pixels} floats of room, got {quarterTurns.Length} and {destination.Length}."));
        var count = (long)Classes.Count * DrawingsPerClass;
        var lut = InkToFloat;
        for (var i = 0; i < imageIds.Length; i++)
        {
            var id = imageIds[i];
            if ((ulong)id >= (ulong)count)
                throw new ArgumentOutOfRangeException(nameof(imageIds), id, Invariant($"Image ids run from 0 to {count - 1} (class * {DrawingsPerClass} + drawing)."));
            var src = _pixels.AsSpan((int)(id * pixels), pixels);
            var dst = destination.Slice(i * pixels, pixels);
            var turns = ((quarterTurns[i] % 4) + 4) % 4;
            if (turns == 0)
            {
                for (var p = 0; p < pixels; p++) dst[p] = lut[src[p]];
            }
            else
            {
                var map = _rotations[turns];
                for (var p = 0; p < pixels; p++) dst[p] = lut[src[map[p]]];
            }
        }
    }

    /// <summary>"Omniglot: 1623 characters (964 background, 659 evaluation), 50 alphabets, 20 drawings each, 28x28; cache ..."</summary>
    public override string ToString() =>
        Invariant($"Omniglot: {Classes.Count} characters ({ClassesOf(OmniglotSet.Background).Count} background, ") +
        Invariant($"{ClassesOf(OmniglotSet.Evaluation).Count} evaluation), {Alphabets.Count} alphabets, {DrawingsPerClass} drawings each, ") +
        Invariant($"{ImageSize}x{ImageSize}; {(CacheWasBuilt ? "cache built" : "read from cache")} in {LoadTime.TotalSeconds:0.0} s ({CachePath})");

    /// <summary>Frees the pixel tensor, if one was made.</summary>
    public void Dispose()
    {
        _tensor?.Dispose();
        _tensor = null;
    }

    /// <summary>
    /// For k quarter turns counter-clockwise, the source pixel of each output pixel (row-major), matching torch.rot90:
    /// k = 1: out[i, j] = in[j, S-1-i]; k = 2: out[i, j] = in[S-1-i, S-1-j]; k = 3: out[i, j] = in[S-1-j, i].
    /// </summary>
    private static int[][] RotationMaps(int size)
    {
        var maps = new int[4][];
        for (var k = 0; k < 4; k++)
        {
            var map = new int[size * size];
            for (var i = 0; i < size; i++)
                for (var j = 0; j < size; j++)
                    map[i * size + j] = k switch
                    {
                        0 => i * size + j,
                        1 => j * size + (size - 1 - i),
                        2 => (size - 1 - i) * size + (size - 1 - j),
                        _ => (size - 1 - j) * size + i,
                    };
            maps[k] = map;
        }
        return maps;
    }

    /// <summary>The cache's file name for an image size: "omniglot-28px-v1.tensors".</summary>
    public static string CacheFileName(int imageSize) => Invariant($"omniglot-{imageSize}px-v{CacheFormatVersion}.tensors");

    /// <summary>Loads Omniglot from the data folder named in <paramref name="folder"/> (see <see cref="OmniglotOptions"/>).</summary>
    public static Omniglot Load(string folder) => Load(new OmniglotOptions { DataFolder = folder });

    /// <summary>
    /// Finds (or downloads) the zips, verifies the tree and returns the images, from the cache when it matches the
    /// zips, else by decoding and writing the cache. A corrupt or stale cache is rebuilt.
    /// </summary>
    /// <exception cref="FileNotFoundException">The zips are absent and could not be downloaded; the message says where to put them.</exception>
    /// <exception cref="InvalidDataException">A zip is unreadable or its tree is incomplete; the message names what is wrong.</exception>
    public static Omniglot Load(OmniglotOptions? options = null)
    {
        var o = options ?? new OmniglotOptions();
        if (o.ImageSize is < 1 or > 105)
            throw new ArgumentOutOfRangeException(nameof(options), o.ImageSize, "OmniglotOptions.ImageSize must be in 1..105 (28 is the few-shot standard, 105 the original size).");
        var log = o.Log ?? Console.WriteLine;
        var manifest = o.Manifest ?? OmniglotManifest.Canonical;
        var folder = DataFolder.Omniglot(o.DataFolder);
        var cachePath = Path.Combine(DataFolder.Cache(folder, o.CacheFolder), CacheFileName(o.ImageSize));
        // Background first, then evaluation: the order of the trees is part of the cache's key.
        var zips = new[] { OmniglotSet.Background, OmniglotSet.Evaluation }.Select(s => (Set: s, Path: Path.Combine(folder, OmniglotFiles.ZipName(s)))).ToArray();

        var missing = zips.Where(z => !File.Exists(z.Path)).ToList();
        if (missing.Count > 0)
        {
            if (File.Exists(cachePath))
            {
                var watch = Stopwatch.StartNew();
                var cached = TryReadCache(cachePath, expectedSource: null, o.ImageSize, manifest, log);
                if (cached is not null)
                {
                    log(Invariant($"Omniglot: {string.Join(" and ", missing.Select(z => OmniglotFiles.ZipName(z.Set)))} not in {folder}; using the cache {cachePath}."));
                    return new Omniglot(cached.Value.Classes, cached.Value.Pixels, manifest.DrawingsPerCharacter, o.ImageSize, cachePath, false, watch.Elapsed);
                }
            }
            foreach (var (set, path) in missing) Fetch(set, path, folder, o, log);
        }

        var stopwatch = Stopwatch.StartNew();
        var archives = new List<ZipArchive>();
        try
        {
            var trees = new List<OmniglotTree>();
            foreach (var (set, path) in zips)
            {
                var zip = OpenZip(path, o.Download ? OmniglotFiles.Url(set, o.DownloadBaseUrl) : null);
                archives.Add(zip);
                trees.Add(OmniglotTree.Read(zip, set, path));
            }
            var problems = trees.SelectMany(t => t.Verify(manifest).Select(p => Invariant($"{Path.GetFileName(t.ZipPath)}: {p}"))).ToList();
            if (problems.Count > 0)
            {
                const int shown = 20;
                throw new InvalidDataException(
                    Invariant($"The Omniglot zips in {folder} do not hold the expected tree ({manifest}); {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:\n  ") +
                    string.Join("\n  ", problems.Take(shown)) + (problems.Count > shown ? Invariant($"\n  ... and {problems.Count - shown} more") : "") +
                    Invariant($"\nReplace the zips with complete copies (from {OmniglotFiles.BaseUrl}); re-zipped copies are fine as long as the tree is complete."));
            }
            var source = SourceFingerprint(trees, o.ImageSize, manifest.DrawingsPerCharacter);
            if (File.Exists(cachePath))
            {
                var cached = TryReadCache(cachePath, source, o.ImageSize, manifest, log);
                if (cached is not null)
                    return new Omniglot(cached.Value.Classes, cached.Value.Pixels, manifest.DrawingsPerCharacter, o.ImageSize, cachePath, false, stopwatch.Elapsed);
            }
            log(Invariant($"Omniglot: building the {o.ImageSize}x{o.ImageSize} cache from {folder} (once) ..."));
            var (classes, pixels) = Build(trees, o.ImageSize, manifest.DrawingsPerCharacter);
            try
            {
                WriteCache(cachePath, classes, pixels, o.ImageSize, manifest.DrawingsPerCharacter, source);
                log(Invariant($"Omniglot: wrote {cachePath} ({new FileInfo(cachePath).Length / 1e6:0.0} MB) in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The images are fine; only the next load will be slow. Say how to fix it and go on.
                log(Invariant($"Omniglot: could not write the cache {cachePath} ({e.Message}). The data is loaded, but the next load will ") +
                    "decode the zips again: set OmniglotOptions.CacheFolder to a writable folder.");
            }
            return new Omniglot(classes, pixels, manifest.DrawingsPerCharacter, o.ImageSize, cachePath, true, stopwatch.Elapsed);
        }
        finally
        {
            foreach (var zip in archives) zip.Dispose();
        }
    }

    private static void Fetch(OmniglotSet set, string path, string folder, OmniglotOptions o, Action<string> log)
    {
        var url = OmniglotFiles.Url(set, o.DownloadBaseUrl);
        var where = Invariant($"Download {url} (in a browser, or with curl -LO) and put it in {folder}, or set {DataFolder.EnvironmentVariable} ") +
                    "to a folder that holds images_background.zip and images_evaluation.zip.";
        if (!o.Download)
            throw new FileNotFoundException(Invariant($"Omniglot's {OmniglotFiles.ZipName(set)} is not in {folder} and downloading is off. {where}"), path);
        log(Invariant($"Omniglot: downloading {url} to {folder} ..."));
        var lastPercent = -10L;
        var progress = new SyncProgress(p =>
        {
            var percent = p.Total is > 0 and var t ? 100 * p.Bytes / t : p.Bytes / (1 << 20) * 10;
            if (percent < lastPercent + 10 && !(p.Total is { } total && p.Bytes == total)) return;
            lastPercent = percent;
            log("  " + p);
        });
        try
        {
            (o.Downloader ?? new Downloader()).DownloadAsync(url, path, CheckZip, progress).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new FileNotFoundException(
                Invariant($"Omniglot's {OmniglotFiles.ZipName(set)} is not in {folder} and could not be downloaded (offline?): {e.Message}\n{where}"), path, e);
        }
    }

    private static void CheckZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        if (zip.Entries.Count == 0) throw new InvalidDataException("the downloaded zip is empty");
    }

    private static ZipArchive OpenZip(string path, Uri? url)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                Invariant($"{path} is not a readable zip ({new FileInfo(path).Length} bytes; {e.Message}): it is probably truncated or corrupted, ") +
                Invariant($"e.g. by an interrupted download. Delete it and {(url is null ? "put a complete copy there" : $"run again to download it, or fetch {url} yourself")}."), e);
        }
    }

    private static byte[] SourceFingerprint(IEnumerable<OmniglotTree> trees, int size, int drawings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Invariant($"omniglot v{CacheFormatVersion} {size}px {drawings} drawings\n")));
        foreach (var t in trees) hash.AppendData(t.Fingerprint());
        return hash.GetHashAndReset();
    }

    private static (IReadOnlyList<OmniglotClass> Classes, byte[] Pixels) Build(IReadOnlyList<OmniglotTree> trees, int size, int drawings)
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

    private static void WriteCache(string path, IReadOnlyList<OmniglotClass> classes, byte[] pixels, int size, int drawings, byte[] source)
    {
        var names = Encoding.UTF8.GetBytes(string.Join("\n", classes.Select(c => Invariant($"{c.Set}\t{c.Alphabet}\t{c.Character}"))));
        using var scope = torch.NewDisposeScope();
        TensorFile.Save(new Dictionary<string, Tensor>
        {
            ["images"] = torch.tensor(pixels, [classes.Count, drawings, 1, size, size]),
            ["class_names"] = torch.tensor(names),
            ["source_sha256"] = torch.tensor(source),
        }, path);
    }

    private static (IReadOnlyList<OmniglotClass> Classes, byte[] Pixels)? TryReadCache(string path, byte[]? expectedSource, int size, OmniglotManifest manifest, Action<string> log)
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

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to a thread pool and reorder lines).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
