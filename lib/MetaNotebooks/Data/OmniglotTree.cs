using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// The tree inside one Omniglot zip (<c>images_background/&lt;Alphabet&gt;/characterNN/&lt;id&gt;_&lt;drawer&gt;.png</c>),
/// read from the zip's directory without decompressing anything, and checked against a manifest. The check is on
/// the tree, not on the zip's hash: re-zipped copies are common and fine. Folder entries, <c>__MACOSX/</c> and
/// hidden files (<c>.DS_Store</c>) are ignored.
/// </summary>
public sealed class OmniglotTree
{
    private readonly SortedDictionary<string, SortedDictionary<string, List<ZipArchiveEntry>>> _alphabets;

    private OmniglotTree(OmniglotSet set, string zipPath,
        SortedDictionary<string, SortedDictionary<string, List<ZipArchiveEntry>>> alphabets, List<string> strays)
    {
        Set = set;
        ZipPath = zipPath;
        _alphabets = alphabets;
        Strays = strays;
    }

    /// <summary>The set this zip holds.</summary>
    public OmniglotSet Set { get; }

    /// <summary>The zip's path.</summary>
    public string ZipPath { get; }

    /// <summary>Entries that do not fit the layout (a file outside any character folder, a non-PNG file, ...).</summary>
    public IReadOnlyList<string> Strays { get; }

    /// <summary>Alphabet names found, sorted ordinally.</summary>
    public IReadOnlyList<string> Alphabets => _alphabets.Keys.ToArray();

    /// <summary>Characters found, as "Alphabet/characterNN", sorted ordinally.</summary>
    public IReadOnlyList<string> Characters => _alphabets.SelectMany(a => a.Value.Keys.Select(c => Invariant($"{a.Key}/{c}"))).ToArray();

    /// <summary>The folder at the top of the zip: "images_background" or "images_evaluation".</summary>
    public static string TopFolder(OmniglotSet set) => set == OmniglotSet.Background ? "images_background" : "images_evaluation";

    /// <summary>Reads the tree of an open zip.</summary>
    public static OmniglotTree Read(ZipArchive zip, OmniglotSet set, string zipPath)
    {
        var top = TopFolder(set);
        var alphabets = new SortedDictionary<string, SortedDictionary<string, List<ZipArchiveEntry>>>(StringComparer.Ordinal);
        var strays = new List<string>();
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName.Replace('\\', '/');
            if (name.EndsWith('/') || name.StartsWith("__MACOSX/", StringComparison.Ordinal)) continue;
            var parts = name.Split('/');
            if (parts[^1].StartsWith('.')) continue;
            // Accept the canonical layout, possibly under one extra folder (some copies wrap the zip's contents).
            var at = Array.IndexOf(parts, top);
            if (at < 0 || at > 1 || parts.Length != at + 4 || !parts[^1].EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                strays.Add(name);
                continue;
            }
            var (alphabet, character) = (parts[at + 1], parts[at + 2]);
            if (!alphabets.TryGetValue(alphabet, out var characters))
                alphabets[alphabet] = characters = new SortedDictionary<string, List<ZipArchiveEntry>>(StringComparer.Ordinal);
            if (!characters.TryGetValue(character, out var drawings)) characters[character] = drawings = [];
            drawings.Add(entry);
        }
        foreach (var characters in alphabets.Values)
            foreach (var drawings in characters.Values)
                drawings.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new OmniglotTree(set, zipPath, alphabets, strays);
    }

    /// <summary>
    /// Compares the tree with the manifest's alphabets for this set; returns every problem as a line naming what is
    /// missing or extra (empty when the tree is complete).
    /// </summary>
    public IReadOnlyList<string> Verify(OmniglotManifest manifest)
    {
        var problems = new List<string>();
        var expected = manifest[Set].ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var spec in manifest[Set])
        {
            if (!_alphabets.TryGetValue(spec.Name, out var characters))
            {
                problems.Add(Invariant($"missing alphabet {spec.Name} ({spec.Characters} characters)"));
                continue;
            }
            var names = Enumerable.Range(1, spec.Characters).Select(i => Invariant($"character{i:00}")).ToHashSet(StringComparer.Ordinal);
            foreach (var name in names.Order(StringComparer.Ordinal))
            {
                if (!characters.TryGetValue(name, out var drawings))
                    problems.Add(Invariant($"missing character {spec.Name}/{name}"));
                else if (drawings.Count != manifest.DrawingsPerCharacter)
                    problems.Add(DrawingCountProblem(Invariant($"{spec.Name}/{name}"), drawings, manifest.DrawingsPerCharacter));
            }
            foreach (var extra in characters.Keys.Where(c => !names.Contains(c)))
                problems.Add(Invariant($"unexpected character {spec.Name}/{extra} ({spec.Name} has {spec.Characters} characters)"));
        }
        foreach (var (alphabet, characters) in _alphabets.Where(a => !expected.ContainsKey(a.Key)))
            problems.Add(Invariant($"unexpected alphabet {alphabet} ({characters.Count} characters; it belongs to no {Set.ToString().ToLowerInvariant()} alphabet of the manifest)"));
        foreach (var stray in Strays)
            problems.Add(Invariant($"unexpected entry {stray} (not {TopFolder(Set)}/<Alphabet>/<characterNN>/<drawing>.png)"));
        return problems;
    }

    /// <summary>The drawings of one character, sorted ordinally by file name (so by drawer, 01..20).</summary>
    public IReadOnlyList<ZipArchiveEntry> Drawings(string alphabet, string character) => _alphabets[alphabet][character];

    /// <summary>
    /// SHA-256 over every drawing's path, size and CRC-32 (from the zip's directory, no decompression): equal
    /// fingerprints mean the same images, however the zip was built. Keys the image cache.
    /// </summary>
    public byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (alphabet, characters) in _alphabets)
            foreach (var (character, drawings) in characters)
                foreach (var d in drawings)
                    hash.AppendData(Encoding.UTF8.GetBytes(Invariant($"{Set}/{alphabet}/{character}/{d.Name}:{d.Length}:{d.Crc32:x8}\n")));
        return hash.GetHashAndReset();
    }

    /// <summary>"images_background: 30 alphabets, 964 characters, 19280 drawings".</summary>
    public override string ToString() =>
        Invariant($"{TopFolder(Set)}: {_alphabets.Count} alphabets, {_alphabets.Sum(a => a.Value.Count)} characters, ") +
        Invariant($"{_alphabets.Sum(a => a.Value.Sum(c => c.Value.Count))} drawings");

    private static string DrawingCountProblem(string character, List<ZipArchiveEntry> drawings, int expected)
    {
        // Drawings are <id>_<drawer>.png with drawers 01..expected; name the drawers that are missing or extra.
        var drawers = drawings.Select(d => Path.GetFileNameWithoutExtension(d.Name))
            .Select(n => n.Contains('_') ? n[(n.LastIndexOf('_') + 1)..] : n).ToList();
        var wanted = Enumerable.Range(1, expected).Select(i => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var missing = wanted.Except(drawers, StringComparer.Ordinal).ToList();
        var extra = drawings.Where((d, i) => !wanted.Contains(drawers[i])).Select(d => d.Name).ToList();
        var detail = new List<string>();
        if (missing.Count > 0) detail.Add("missing drawer " + string.Join(", ", missing));
        if (extra.Count > 0) detail.Add("extra " + string.Join(", ", extra));
        return Invariant($"{character} has {drawings.Count} drawings, expected {expected}") + (detail.Count > 0 ? Invariant($" ({string.Join("; ", detail)})") : "");
    }
}
