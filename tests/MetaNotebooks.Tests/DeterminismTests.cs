using System.Diagnostics;
using MetaNotebooks.DataProbe;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>
/// The same seed gives the same data and the same trained weights: splits, fixed episode sets and the decoded images
/// are identical in another process (another thread count and culture), and a seeded ProtoNet training run gives
/// bit-identical weights twice in this process and in two child processes (same thread count).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class DeterminismTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    private async Task<string> Probe(IDictionary<string, string> environment, params string[] args)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "MetaNotebooks.DataProbe.dll");
        Assert.True(File.Exists(probe), $"the probe program should be built beside the tests: {probe}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = await child.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(child.ExitCode == 0, $"the probe failed ({child.ExitCode}): {await stderr}");
        return stdout.TrimEnd('\n', '\r');
    }

    [Fact]
    public async Task Splits_episode_sets_and_images_are_identical_in_another_process()
    {
        var here = Fingerprints.Compute(fixture.Omniglot.Classes) + "\n" + Fingerprints.Images(fixture.Omniglot);
        // A different thread count and culture must not matter.
        var there = await Probe(new Dictionary<string, string>
        {
            ["METANB_NUM_THREADS"] = "1", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0", ["LANG"] = "de_DE.UTF-8",
        }, "fingerprints", fixture.DataFolder, fixture.CacheFolder);
        Assert.Equal(here, there);
        Assert.Equal(10, here.Split('\n').Length);
        Assert.Contains(GoldenFingerprints.Test600FiveWayOneShot, here);
        Assert.EndsWith($"sha256 {GoldenFingerprints.Images28}", here);
    }

    [Fact]
    public async Task A_seeded_training_run_gives_bit_identical_weights_in_process_and_in_two_child_processes()
    {
        using var threads = new SingleThread();
        const long seed = 2024;
        var inProcess = SeededTraining.Hash(fixture.Omniglot, seed);
        Assert.Equal(inProcess, SeededTraining.Hash(fixture.Omniglot, seed));
        Assert.NotEqual(inProcess, SeededTraining.Hash(fixture.Omniglot, seed + 1));

        var environment = new Dictionary<string, string> { ["METANB_NUM_THREADS"] = "1" };
        var args = new[] { "train-hash", fixture.DataFolder, fixture.CacheFolder, "2024" };
        var first = await Probe(environment, args);
        var second = await Probe(environment, args);
        output.WriteLine($"in-process {inProcess}; child 1 {first}; child 2 {second}");
        Assert.Equal($"{inProcess} threads 1", first);
        Assert.Equal($"{inProcess} threads 1", second);
    }
}
