using System.IO.Compression;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

public sealed class DownloaderTests
{
    private static readonly Downloader Fast = new() { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(10) };

    private static byte[] SmallZip()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var rng = new Randomness.SplitMix64(5);
            // Incompressible content, so that truncating the response really cuts the file.
            SyntheticOmniglot.Add(zip, "images_background/a.bin", Enumerable.Range(0, 200_000).Select(_ => (byte)rng.NextInt(256)).ToArray());
        }
        return ms.ToArray();
    }

    private static void CheckZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        _ = zip.Entries.Count;
    }

    [Fact]
    public async Task Downloads_a_file_with_progress_and_leaves_no_temp_files()
    {
        var body = SmallZip();
        using var server = new LocalHttpServer((_, c) => LocalHttpServer.Serve(c, body));
        using var dir = TestData.NewTempFolder("download");
        var reports = new List<DownloadProgress>();
        await Fast.DownloadAsync(new Uri(server.BaseUrl, "x.zip"), dir["x.zip"], CheckZip, new SyncProgress(reports.Add));
        Assert.Equal(body, await File.ReadAllBytesAsync(dir["x.zip"]));
        Assert.Equal(1, server.Requests);
        Assert.Equal(body.Length, reports[^1].Bytes);
        Assert.Equal(body.Length, reports[^1].Total);
        Assert.Contains("x.zip", reports[^1].ToString());
        Assert.Contains("100%", reports[^1].ToString());
        Assert.Equal(["x.zip"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Retries_after_a_server_error_then_succeeds()
    {
        var body = SmallZip();
        using var server = new LocalHttpServer((n, c) =>
        {
            if (n == 1) LocalHttpServer.Status(c, 503);
            else return LocalHttpServer.Serve(c, body);
            return Task.CompletedTask;
        });
        using var dir = TestData.NewTempFolder("download");
        await Fast.DownloadAsync(new Uri(server.BaseUrl, "x.zip"), dir["x.zip"], CheckZip);
        Assert.Equal(2, server.Requests);
        Assert.Equal(body, await File.ReadAllBytesAsync(dir["x.zip"]));
    }

    [Fact]
    public async Task Retries_after_a_truncated_response_then_succeeds()
    {
        var body = SmallZip();
        using var server = new LocalHttpServer((n, c) => n == 1 ? LocalHttpServer.ServeTruncated(c, body) : LocalHttpServer.Serve(c, body));
        using var dir = TestData.NewTempFolder("download");
        await Fast.DownloadAsync(new Uri(server.BaseUrl, "x.zip"), dir["x.zip"], CheckZip);
        Assert.Equal(2, server.Requests);
        Assert.Equal(body, await File.ReadAllBytesAsync(dir["x.zip"]));
    }

    [Fact]
    public async Task A_response_that_is_always_truncated_fails_naming_each_attempt_and_leaves_nothing()
    {
        var body = SmallZip();
        using var server = new LocalHttpServer((_, c) => LocalHttpServer.ServeTruncated(c, body));
        using var dir = TestData.NewTempFolder("download");
        var e = await Assert.ThrowsAsync<IOException>(() => Fast.DownloadAsync(new Uri(server.BaseUrl, "x.zip"), dir["x.zip"], CheckZip));
        Assert.Equal(3, server.Requests);
        Assert.Contains("3 attempts", e.Message);
        Assert.Contains("attempt 3", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Not_found_fails_at_once_without_retrying()
    {
        using var server = new LocalHttpServer((_, c) => { LocalHttpServer.Status(c, 404); return Task.CompletedTask; });
        using var dir = TestData.NewTempFolder("download");
        var e = await Assert.ThrowsAsync<IOException>(() => Fast.DownloadAsync(new Uri(server.BaseUrl, "x.zip"), dir["x.zip"]));
        Assert.Equal(1, server.Requests);
        Assert.Contains("HTTP 404", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Content_the_check_rejects_is_retried_and_never_renamed_into_place()
    {
        using var server = new LocalHttpServer((_, c) => LocalHttpServer.Serve(c, "<html>captive portal</html>"u8.ToArray()));
        using var dir = TestData.NewTempFolder("download");
        var e = await Assert.ThrowsAsync<IOException>(() => Fast.DownloadAsync(new Uri(server.BaseUrl, "x.zip"), dir["x.zip"], CheckZip));
        Assert.Equal(3, server.Requests);
        Assert.Contains("attempt 1", e.Message);
        Assert.False(File.Exists(dir["x.zip"]));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
