using System.IO.Compression;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// The two Omniglot zips a load reads: their paths in the data folder (a local folder that holds them is used as is),
/// the download of a missing one (<see cref="Downloader"/>, with progress lines), opening each with an error that says
/// what to do when it is damaged, and the check of their trees against the manifest.
/// </summary>
internal static class OmniglotZips
{
    /// <summary>The zips' paths in <paramref name="folder"/>: background first, then evaluation (the order is part of the cache's key).</summary>
    public static (OmniglotSet Set, string Path)[] In(string folder) =>
        new[] { OmniglotSet.Background, OmniglotSet.Evaluation }.Select(s => (Set: s, Path: Path.Combine(folder, OmniglotFiles.ZipName(s)))).ToArray();

    /// <summary>
    /// Downloads the zip of <paramref name="set"/> to <paramref name="path"/>; when downloading is off or fails, a
    /// <see cref="FileNotFoundException"/> that says where to get the zip and where to put it.
    /// </summary>
    public static void Fetch(OmniglotSet set, string path, string folder, OmniglotOptions o, Action<string> log)
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

    /// <summary>Opens the zip at <paramref name="path"/>; an unreadable one is an error that says to replace it (from <paramref name="url"/> when downloading is on).</summary>
    public static ZipArchive Open(string path, Uri? url)
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

    /// <summary>Checks every tree against <paramref name="manifest"/>; an <see cref="InvalidDataException"/> listing the first 20 problems when any is found.</summary>
    public static void Verify(IReadOnlyList<OmniglotTree> trees, OmniglotManifest manifest, string folder)
    {
        var problems = trees.SelectMany(t => t.Verify(manifest).Select(p => Invariant($"{Path.GetFileName(t.ZipPath)}: {p}"))).ToList();
        if (problems.Count > 0)
        {
            const int shown = 20;
            throw new InvalidDataException(
                Invariant($"The Omniglot zips in {folder} do not hold the expected tree ({manifest}); {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:\n  ") +
                string.Join("\n  ", problems.Take(shown)) + (problems.Count > shown ? Invariant($"\n  ... and {problems.Count - shown} more") : "") +
                Invariant($"\nReplace the zips with complete copies (from {OmniglotFiles.BaseUrl}); re-zipped copies are fine as long as the tree is complete."));
        }
    }

    // A downloaded file counts only when it opens as a zip with entries.
    private static void CheckZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        if (zip.Entries.Count == 0) throw new InvalidDataException("the downloaded zip is empty");
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to a thread pool and reorder lines).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
