using System.Net;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// Downloads a file over HTTP(S) to a temporary file next to the destination and renames it into place only when it
/// is complete (as long as the server announced, and accepted by an optional check), so a failed or interrupted
/// download never leaves a partial file under the final name. Network errors, 5xx/408/429 answers and truncated
/// bodies are retried with a doubling delay; other HTTP errors fail at once.
/// </summary>
public sealed class Downloader
{
    private readonly HttpClient _http;

    /// <summary>A downloader over <paramref name="http"/> (a shared client with a 10-minute timeout when null).</summary>
    public Downloader(HttpClient? http = null) => _http = http ?? SharedClient.Value;

    private static readonly Lazy<HttpClient> SharedClient = new(() =>
    {
        var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("MetaNotebooks/1.0");
        return client;
    });

    /// <summary>Attempts in all, the first included (default 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the first retry; doubled before each further one (default 1 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destination"/>. <paramref name="check"/> gets the temporary
    /// file's path before the rename and throws (InvalidDataException) when the content is unusable, which counts as a
    /// failed attempt. Throws <see cref="IOException"/> naming every attempt's failure when all attempts fail.
    /// </summary>
    public async Task DownloadAsync(Uri url, string destination, Action<string>? check = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        var full = Path.GetFullPath(destination);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var failures = new List<string>();
        var delay = RetryDelay;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var tmp = Path.Combine(dir, Invariant($".{Path.GetFileName(full)}.{Guid.NewGuid():N}.part"));
            try
            {
                var retryable = await TryOnceAsync(url, tmp, attempt, progress, cancellationToken).ConfigureAwait(false);
                if (retryable is null)
                {
                    check?.Invoke(tmp);
                    File.Move(tmp, full, overwrite: true);
                    return;
                }
                failures.Add(Invariant($"attempt {attempt}: {retryable.Value.Reason}"));
                if (!retryable.Value.Retry) break;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException
                                          || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failures.Add(Invariant($"attempt {attempt}: {Describe(e)}"));
            }
            finally
            {
                TryDelete(tmp);
            }
            if (attempt < MaxAttempts)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
        throw new IOException(Invariant($"Downloading {url} to {full} failed ({failures.Count} attempt{(failures.Count == 1 ? "" : "s")}): ") +
                              string.Join("; ", failures) + ".");
    }

    /// <summary>One attempt: null on success, else why it failed and whether another attempt may help.</summary>
    private async Task<(string Reason, bool Retry)?> TryOnceAsync(Uri url, string tmp, int attempt,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var code = (int)response.StatusCode;
            var retry = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (Invariant($"HTTP {code} {response.ReasonPhrase}"), retry);
        }
        var total = response.Content.Headers.ContentLength;
        long bytes = 0;
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            var lastReport = 0L;
            progress?.Report(new DownloadProgress(url, 0, total, attempt));
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                bytes += n;
                if (bytes - lastReport >= 1 << 20)
                {
                    lastReport = bytes;
                    progress?.Report(new DownloadProgress(url, bytes, total, attempt));
                }
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        progress?.Report(new DownloadProgress(url, bytes, total, attempt));
        if (total is { } expected && bytes != expected)
            return (Invariant($"the response ended after {bytes} of {expected} bytes (truncated)"), true);
        return null;
    }

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException => "timed out",
        HttpIOException => Invariant($"the response was cut short (truncated): {e.Message}"),
        HttpRequestException { InnerException: { } inner } h => Invariant($"{h.Message} ({inner.Message})"),
        _ => e.Message,
    };

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
