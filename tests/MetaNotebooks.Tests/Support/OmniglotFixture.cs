using System.Diagnostics;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

/// <summary>The full Omniglot, loaded once per test run: its 28x28 cache is built from the zips into a temp folder.</summary>
public sealed class OmniglotFixture : IDisposable
{
    private readonly TempFolder _cache = TestData.NewTempFolder("omniglot-cache");
    private readonly List<string> _log = [];

    public OmniglotFixture()
    {
        DataFolder = TestData.OmniglotFolder();
        var watch = Stopwatch.StartNew();
        Omniglot = Omniglot.Load(Options);
        BuildTime = watch.Elapsed;
    }

    public string DataFolder { get; }

    public string CacheFolder => _cache.Path;

    public OmniglotOptions Options => new() { DataFolder = DataFolder, CacheFolder = CacheFolder, Download = false, Log = _log.Add };

    public Omniglot Omniglot { get; }

    public TimeSpan BuildTime { get; }

    public IReadOnlyList<string> Log => _log;

    public void Dispose()
    {
        Omniglot.Dispose();
        _cache.Dispose();
    }
}
