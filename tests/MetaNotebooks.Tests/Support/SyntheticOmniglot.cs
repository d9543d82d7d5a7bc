using System.IO.Compression;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

/// <summary>
/// Tiny Omniglot-shaped zips built in a temp folder: background alphabets Alpha (3 characters) and Beta (2), evaluation
/// alphabet Gamma (2), 20 drawings each, 105x105 PNGs. Drawing d of the i-th class (sorted by id) is uniformly gray with
/// ink <c>Ink(i, d) = 20 i + d + 1</c>, so every decoded, resized, cached pixel can be checked exactly.
/// </summary>
public static class SyntheticOmniglot
{
    public static OmniglotManifest Manifest { get; } = new(
        [new AlphabetSpec("Alpha", 3), new AlphabetSpec("Beta", 2)],
        [new AlphabetSpec("Gamma", 2)]);

    public static byte Ink(int classIndex, int drawing) => (byte)(20 * classIndex + drawing + 1);

    /// <summary>Writes both zips into <paramref name="folder"/>; <paramref name="skip"/> leaves out entries (by path), <paramref name="extra"/> adds some.</summary>
    public static void Write(string folder, Func<string, bool>? skip = null, IEnumerable<string>? extra = null, int inkOffset = 0)
    {
        var classIndex = 0;
        foreach (var set in new[] { OmniglotSet.Background, OmniglotSet.Evaluation })
        {
            var top = OmniglotTree.TopFolder(set);
            using var file = File.Create(Path.Combine(folder, OmniglotFiles.ZipName(set)));
            using var zip = new ZipArchive(file, ZipArchiveMode.Create);
            zip.CreateEntry($"{top}/");
            foreach (var alphabet in Manifest[set])
            {
                for (var c = 1; c <= alphabet.Characters; c++, classIndex++)
                {
                    for (var d = 0; d < 20; d++)
                    {
                        var path = $"{top}/{alphabet.Name}/character{c:00}/{100 + classIndex:0000}_{d + 1:00}.png";
                        if (skip?.Invoke(path) == true) continue;
                        var ink = (byte)(Ink(classIndex, d) + inkOffset);
                        Add(zip, path, PngWriter.Gray(105, 105, (_, _) => (byte)(255 - ink)));
                    }
                }
            }
            foreach (var path in extra?.Where(p => p.StartsWith(top + "/", StringComparison.Ordinal)) ?? [])
                Add(zip, path, PngWriter.Gray(105, 105, (_, _) => 255));
        }
    }

    public static void Add(ZipArchive zip, string path, byte[] bytes)
    {
        using var s = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        s.Write(bytes);
    }

    public static OmniglotOptions Options(string folder, string? cache = null, List<string>? log = null) => new()
    {
        DataFolder = folder,
        CacheFolder = cache ?? folder,
        Download = false,
        Manifest = Manifest,
        Log = log is null ? _ => { } : log.Add,
    };
}
