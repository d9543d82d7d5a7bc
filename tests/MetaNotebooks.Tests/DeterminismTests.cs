using System.Diagnostics;
using MetaNotebooks.DataProbe;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class DeterminismTests(OmniglotFixture fixture)
{
    [Fact]
    public async Task Splits_and_fixed_episode_sets_are_identical_in_another_process()
    {
        var here = Fingerprints.Compute(fixture.Omniglot.Classes);
        var probe = Path.Combine(AppContext.BaseDirectory, "MetaNotebooks.DataProbe.dll");
        Assert.True(File.Exists(probe), $"the probe program should be built beside the tests: {probe}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { probe, "fingerprints", fixture.DataFolder, fixture.CacheFolder }) start.ArgumentList.Add(a);
        // A different thread count and culture must not matter.
        start.Environment["METANB_NUM_THREADS"] = "1";
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0";
        start.Environment["LANG"] = "de_DE.UTF-8";
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = await child.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(child.ExitCode == 0, $"the probe failed ({child.ExitCode}): {await stderr}");
        Assert.Equal(here, stdout.TrimEnd('\n', '\r'));
        Assert.Equal(9, here.Split('\n').Length);
        Assert.Contains(GoldenFingerprints.Test600FiveWayOneShot, here);
    }
}
