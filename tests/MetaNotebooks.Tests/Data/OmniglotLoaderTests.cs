using System.Net;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

/// <summary>The loader on tiny synthetic zips: decode, resize, cache, rebuild, verification errors, downloads.</summary>
[Collection(NativeCollection.Name)]
public sealed class OmniglotLoaderTests
{
    private static void AssertSyntheticPixels(Omniglot data, int inkOffset = 0)
    {
        Assert.Equal(new long[] { 7, 20, 1, 28, 28 }, data.Pixels.shape);
        Assert.Equal(ScalarType.Byte, data.Pixels.dtype);
        var pixels = data.Pixels.data<byte>().ToArray();
        for (var c = 0; c < 7; c++)
            for (var d = 0; d < 20; d++)
            {
                var start = (c * 20 + d) * 784;
                var expected = (byte)(SyntheticOmniglot.Ink(c, d) + inkOffset);
                Assert.True(pixels.AsSpan(start, 784).IndexOfAnyExcept(expected) < 0, $"class {c} drawing {d} should be all {expected}");
            }
    }

    [Fact]
    public void Builds_the_cache_once_then_reads_it()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        using (var built = Omniglot.Load(SyntheticOmniglot.Options(dir.Path)))
        {
            Assert.True(built.CacheWasBuilt);
            Assert.Equal(Path.Combine(dir.Path, "omniglot-28px-v2.tensors"), built.CachePath);
            Assert.Equal(["Alpha/character01", "Alpha/character02", "Alpha/character03", "Beta/character01", "Beta/character02", "Gamma/character01", "Gamma/character02"],
                built.Classes.Select(c => c.Id));
            Assert.Equal(Enumerable.Range(0, 7), built.Classes.Select(c => c.Index));
            Assert.Equal(5, built.ClassesOf(OmniglotSet.Background).Count);
            Assert.Equal(OmniglotSet.Evaluation, built.Class("Gamma/character02").Set);
            AssertSyntheticPixels(built);
            using var image = built.Image(3, 4);
            Assert.Equal(new long[] { 1, 28, 28 }, image.shape);
            Assert.Equal(SyntheticOmniglot.Ink(3, 4) / 255.0, image.data<float>()[0], 6);
            Assert.Contains("7 characters (5 background, 2 evaluation), 3 alphabets, 20 drawings each, 28x28", built.ToString());
        }
        using var cached = Omniglot.Load(SyntheticOmniglot.Options(dir.Path));
        Assert.False(cached.CacheWasBuilt);
        AssertSyntheticPixels(cached);
        Assert.Equal("Gamma/character01 (evaluation)", cached.Classes[5].ToString());
    }

    [Fact]
    public void Keeps_the_original_105_pixel_images_when_asked()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        using var data = Omniglot.Load(SyntheticOmniglot.Options(dir.Path) with { ImageSize = 105 });
        Assert.Equal(new long[] { 7, 20, 1, 105, 105 }, data.Pixels.shape);
        Assert.EndsWith("omniglot-105px-v2.tensors", data.CachePath);
        Assert.Equal(SyntheticOmniglot.Ink(6, 19), data.Pixels.data<byte>()[data.Pixels.numel() - 1]);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void A_corrupt_cache_is_detected_and_rebuilt(string damage)
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        string cachePath;
        using (var first = Omniglot.Load(SyntheticOmniglot.Options(dir.Path))) cachePath = first.CachePath;
        var bytes = File.ReadAllBytes(cachePath);
        switch (damage)
        {
            case "flip": bytes[bytes.Length / 2] ^= 0x40; File.WriteAllBytes(cachePath, bytes); break;
            case "truncate": File.WriteAllBytes(cachePath, bytes[..(bytes.Length / 3)]); break;
            default: File.WriteAllText(cachePath, "not a tensor file"); break;
        }
        var log = new List<string>();
        using var rebuilt = Omniglot.Load(SyntheticOmniglot.Options(dir.Path, log: log));
        Assert.True(rebuilt.CacheWasBuilt);
        Assert.Contains(log, l => l.Contains("unusable and will be rebuilt", StringComparison.Ordinal));
        AssertSyntheticPixels(rebuilt);
        Assert.Equal(bytes.Length, new FileInfo(cachePath).Length);
    }

    [Fact]
    public void A_cache_built_from_other_zips_is_rebuilt()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        using (Omniglot.Load(SyntheticOmniglot.Options(dir.Path))) { }
        SyntheticOmniglot.Write(dir.Path, inkOffset: 100);
        var log = new List<string>();
        using var data = Omniglot.Load(SyntheticOmniglot.Options(dir.Path, log: log));
        Assert.True(data.CacheWasBuilt);
        Assert.Contains(log, l => l.Contains("zips changed", StringComparison.Ordinal));
        AssertSyntheticPixels(data, inkOffset: 100);
    }

    [Fact]
    public void Verification_names_a_missing_character_a_missing_drawing_and_extras()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path,
            skip: p => p.Contains("/Beta/character02/", StringComparison.Ordinal) || p.EndsWith("Alpha/character01/0100_07.png", StringComparison.Ordinal),
            extra: ["images_evaluation/Delta/character01/0999_01.png", "images_background/Alpha/character04/0998_01.png", "images_background/readme.txt"]);
        var e = Assert.Throws<InvalidDataException>(() => Omniglot.Load(SyntheticOmniglot.Options(dir.Path)));
        Assert.Contains("images_background.zip: missing character Beta/character02", e.Message);
        Assert.Contains("Alpha/character01 has 19 drawings, expected 20 (missing drawer 07)", e.Message);
        Assert.Contains("unexpected character Alpha/character04", e.Message);
        Assert.Contains("images_evaluation.zip: unexpected alphabet Delta", e.Message);
        Assert.Contains("unexpected entry images_background/readme.txt", e.Message);
        Assert.Contains("5 problems", e.Message);
        Assert.Contains("Replace the zips", e.Message);
        Assert.False(File.Exists(Path.Combine(dir.Path, Omniglot.CacheFileName(28))));
    }

    [Fact]
    public void Verification_names_a_missing_alphabet()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path, skip: p => p.Contains("/Gamma/", StringComparison.Ordinal));
        var e = Assert.Throws<InvalidDataException>(() => Omniglot.Load(SyntheticOmniglot.Options(dir.Path)));
        Assert.Contains("images_evaluation.zip: missing alphabet Gamma (2 characters)", e.Message);
    }

    [Fact]
    public void A_truncated_zip_gives_a_clear_error()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        var zip = Path.Combine(dir.Path, OmniglotFiles.BackgroundZip);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => Omniglot.Load(SyntheticOmniglot.Options(dir.Path)));
        Assert.Contains(zip, e.Message);
        Assert.Contains("not a readable zip", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("Delete it", e.Message);
    }

    [Fact]
    public void A_corrupt_png_inside_the_zip_is_named()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        const string bad = "images_background/Beta/character01/0103_05.png";
        SyntheticOmniglot.Write(dir.Path, skip: p => p == bad);
        using (var zip = System.IO.Compression.ZipFile.Open(Path.Combine(dir.Path, OmniglotFiles.BackgroundZip), System.IO.Compression.ZipArchiveMode.Update))
            SyntheticOmniglot.Add(zip, bad, PngWriter.Gray(105, 105, (_, _) => 0)[..60]);
        var e = Assert.Throws<InvalidDataException>(() => Omniglot.Load(SyntheticOmniglot.Options(dir.Path)));
        Assert.Contains($"Cannot decode images_background.zip:{bad}", e.Message);
    }

    [Fact]
    public void Missing_zips_offline_say_where_to_put_them()
    {
        using var dir = TestData.NewTempFolder("empty");
        var e = Assert.Throws<FileNotFoundException>(() => Omniglot.Load(SyntheticOmniglot.Options(dir.Path)));
        Assert.Contains("images_background.zip is not in " + dir.Path, e.Message);
        Assert.Contains("https://github.com/brendenlake/omniglot/raw/master/python/images_background.zip", e.Message);
        Assert.Contains(DataFolder.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void Missing_zips_are_downloaded_when_online()
    {
        using var source = TestData.NewTempFolder("served");
        SyntheticOmniglot.Write(source.Path);
        using var server = new LocalHttpServer((n, c) =>
        {
            var name = Path.GetFileName(c.Request.Url!.LocalPath);
            // The first request fails, as a flaky network would; the retry succeeds.
            if (n == 1) { LocalHttpServer.Status(c, (int)HttpStatusCode.ServiceUnavailable); return Task.CompletedTask; }
            return LocalHttpServer.Serve(c, File.ReadAllBytes(Path.Combine(source.Path, name)));
        });
        using var dir = TestData.NewTempFolder("download");
        var log = new List<string>();
        var options = SyntheticOmniglot.Options(dir.Path, log: log) with
        {
            Download = true,
            DownloadBaseUrl = server.BaseUrl,
            Downloader = new Downloader { RetryDelay = TimeSpan.FromMilliseconds(10) },
        };
        using var data = Omniglot.Load(options);
        Assert.Equal(3, server.Requests);
        AssertSyntheticPixels(data);
        Assert.True(File.Exists(Path.Combine(dir.Path, OmniglotFiles.EvaluationZip)));
        Assert.Contains(log, l => l.Contains("downloading", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("100%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_download_says_where_to_put_the_files()
    {
        using var server = new LocalHttpServer((_, c) => { LocalHttpServer.Status(c, 500); return Task.CompletedTask; });
        using var dir = TestData.NewTempFolder("download");
        var options = SyntheticOmniglot.Options(dir.Path) with
        {
            Download = true,
            DownloadBaseUrl = server.BaseUrl,
            Downloader = new Downloader { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) },
        };
        var e = Assert.Throws<FileNotFoundException>(() => Omniglot.Load(options));
        Assert.Contains("could not be downloaded", e.Message);
        Assert.Contains("HTTP 500", e.Message);
        Assert.Contains($"put it in {dir.Path}", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Without_the_zips_a_valid_cache_is_still_used()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        using var cache = TestData.NewTempFolder("cache");
        SyntheticOmniglot.Write(dir.Path);
        using (Omniglot.Load(SyntheticOmniglot.Options(dir.Path, cache.Path))) { }
        File.Delete(Path.Combine(dir.Path, OmniglotFiles.BackgroundZip));
        var log = new List<string>();
        using var data = Omniglot.Load(SyntheticOmniglot.Options(dir.Path, cache.Path, log));
        Assert.False(data.CacheWasBuilt);
        AssertSyntheticPixels(data);
        Assert.Contains(log, l => l.Contains("using the cache", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_zips_a_cache_for_another_manifest_is_not_used()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        using (Omniglot.Load(SyntheticOmniglot.Options(dir.Path))) { }
        File.Delete(Path.Combine(dir.Path, OmniglotFiles.BackgroundZip));
        var log = new List<string>();
        var e = Assert.Throws<FileNotFoundException>(() => Omniglot.Load(SyntheticOmniglot.Options(dir.Path, log: log) with { Manifest = OmniglotManifest.Canonical }));
        Assert.Contains("images_background.zip is not in", e.Message);
        Assert.Contains(log, l => l.Contains("holds 7 characters, the manifest 1623", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unwritable_cache_folder_is_reported_and_the_data_still_loads()
    {
        using var dir = TestData.NewTempFolder("synthetic");
        SyntheticOmniglot.Write(dir.Path);
        var blocked = Path.Combine(dir.Path, "not-a-folder");
        File.WriteAllText(blocked, "a file where the cache folder should be");
        var log = new List<string>();
        using var data = Omniglot.Load(SyntheticOmniglot.Options(dir.Path, blocked, log));
        AssertSyntheticPixels(data);
        Assert.Contains(log, l => l.Contains("could not write the cache", StringComparison.Ordinal) && l.Contains("CacheFolder", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unsupported_image_size_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Omniglot.Load(new OmniglotOptions { ImageSize = 0 }));
        Assert.Contains("ImageSize must be in 1..105", e.Message);
    }

    [Fact]
    public void The_data_folder_follows_METANB_DATA_and_the_explicit_path()
    {
        Assert.Equal(Path.GetFullPath("/tmp/x"), DataFolder.Omniglot("/tmp/x"));
        var root = TestData.RepositoryRoot;
        var previous = Environment.GetEnvironmentVariable(DataFolder.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataFolder.EnvironmentVariable, null);
            Assert.Equal(DataFolder.RepositoryRoot(Directory.GetCurrentDirectory()) is { } r ? Path.Combine(r, "data", "omniglot") : Path.Combine(Directory.GetCurrentDirectory(), "data", "omniglot"),
                DataFolder.Omniglot());
            using var dir = TestData.NewTempFolder("env");
            Environment.SetEnvironmentVariable(DataFolder.EnvironmentVariable, dir.Path);
            Assert.Equal(dir.Path, DataFolder.Omniglot());
            Directory.CreateDirectory(dir["omniglot"]);
            Assert.Equal(dir["omniglot"], DataFolder.Omniglot());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataFolder.EnvironmentVariable, previous);
        }
        Assert.True(File.Exists(Path.Combine(root, "MetaNotebooks.sln")));
    }
}
