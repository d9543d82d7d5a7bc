using static System.FormattableString;
namespace MetaNotebooks.Data;

/// <summary>How far a download has come.</summary>
/// <param name="Url">What is being downloaded.</param>
/// <param name="Bytes">Bytes received so far in this attempt.</param>
/// <param name="Total">The size the server announced, if it did.</param>
/// <param name="Attempt">1 for the first try, 2 for the first retry, ...</param>
public sealed record DownloadProgress(Uri Url, long Bytes, long? Total, int Attempt)
{
    /// <summary>"images_background.zip: 4.1 / 9.5 MB (43%)".</summary>
    public override string ToString()
    {
        var name = Path.GetFileName(Url.LocalPath);
        var retry = Attempt > 1 ? Invariant($" (attempt {Attempt})") : "";
        return Total is > 0 and var t
            ? Invariant($"{name}: {Bytes / 1e6:0.0} / {t / 1e6:0.0} MB ({100.0 * Bytes / t:0}%){retry}")
            : Invariant($"{name}: {Bytes / 1e6:0.0} MB{retry}");
    }
}
