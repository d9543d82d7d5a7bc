using System.Diagnostics;
using System.IO.Compression;
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
        var cachePath = OmniglotCache.PathFor(folder, o);
        var zips = OmniglotZips.In(folder);

        var missing = zips.Where(z => !File.Exists(z.Path)).ToList();
        if (missing.Count > 0)
        {
            if (File.Exists(cachePath))
            {
                var watch = Stopwatch.StartNew();
                var cached = OmniglotCache.TryRead(cachePath, expectedSource: null, o.ImageSize, manifest, log);
                if (cached is not null)
                {
                    log(Invariant($"Omniglot: {string.Join(" and ", missing.Select(z => OmniglotFiles.ZipName(z.Set)))} not in {folder}; using the cache {cachePath}."));
                    return new Omniglot(cached.Value.Classes, cached.Value.Pixels, manifest.DrawingsPerCharacter, o.ImageSize, cachePath, false, watch.Elapsed);
                }
            }
            foreach (var (set, path) in missing) OmniglotZips.Fetch(set, path, folder, o, log);
        }

        var stopwatch = Stopwatch.StartNew();
        var archives = new List<ZipArchive>();
        try
        {
            var trees = new List<OmniglotTree>();
            foreach (var (set, path) in zips)
            {
                var zip = OmniglotZips.Open(path, o.Download ? OmniglotFiles.Url(set, o.DownloadBaseUrl) : null);
                archives.Add(zip);
                trees.Add(OmniglotTree.Read(zip, set, path));
            }
            OmniglotZips.Verify(trees, manifest, folder);
            var source = OmniglotCache.SourceFingerprint(trees, o.ImageSize, manifest.DrawingsPerCharacter);
            if (File.Exists(cachePath))
            {
                var cached = OmniglotCache.TryRead(cachePath, source, o.ImageSize, manifest, log);
                if (cached is not null)
                    return new Omniglot(cached.Value.Classes, cached.Value.Pixels, manifest.DrawingsPerCharacter, o.ImageSize, cachePath, false, stopwatch.Elapsed);
            }
            log(Invariant($"Omniglot: building the {o.ImageSize}x{o.ImageSize} cache from {folder} (once) ..."));
            var (classes, pixels) = OmniglotDecoder.Decode(trees, o.ImageSize, manifest.DrawingsPerCharacter);
            OmniglotCache.WriteOrWarn(cachePath, classes, pixels, o.ImageSize, manifest.DrawingsPerCharacter, source, stopwatch, log);
            return new Omniglot(classes, pixels, manifest.DrawingsPerCharacter, o.ImageSize, cachePath, true, stopwatch.Elapsed);
        }
        finally
        {
            foreach (var zip in archives) zip.Dispose();
        }
    }
}
