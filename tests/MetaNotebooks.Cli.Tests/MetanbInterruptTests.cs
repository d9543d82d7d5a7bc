using System.Diagnostics;
using System.Globalization;
using System.Text;
using MetaNotebooks.Cli.Commands;
using MetaNotebooks.Training;

namespace MetaNotebooks.Cli.Tests;

/// <summary>Ctrl+C during <c>metanb train</c>: the real process finishes its step, saves a resumable checkpoint and exits 130.</summary>
[Collection(TrainEvalCollection.Name)]
public sealed class MetanbInterruptTests : IDisposable
{
    private static readonly string Repo = CoursePaths.RepoRoot(AppContext.BaseDirectory)!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"metanb-interrupt-{Guid.NewGuid():N}");

    public MetanbInterruptTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Sigint_saves_a_checkpoint_at_the_step_reached_and_exits_130()
    {
        var data = Path.GetFullPath(Path.Combine(Repo, "..", "shared", "data", "omniglot"));
        var checkpoint = Path.Combine(_folder, "proto.ckpt");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "metanb.dll"), "train", "protonet", "--steps", "1000000", "--ways", "5", "--shots", "1",
                     "--queries", "1", "--test-episodes", "0", "--data", data, "--threads", "1", "--out", checkpoint })
            info.ArgumentList.Add(arg);
        info.Environment["METANB_CACHE"] = Path.Combine(_folder, "cache");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.Start();
        using var cleanup = new Cleanup(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The first checkpoint is written at the first validation (step 100 in the quick profile): training is under way.
        // Plain blocking waits: this test must not depend on a synchronization context to wake it up.
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(checkpoint) && !process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(100);
        Assert.True(File.Exists(checkpoint), $"no checkpoint after {deadline.Elapsed.TotalSeconds:F0} s: {errors}");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "metanb train did not stop within a minute of SIGINT");
        process.WaitForExit();   // drains the output events

        var text = output.ToString();
        Assert.True(130 == process.ExitCode, $"exit code {process.ExitCode}; output: {text}; errors: {errors}");
        Assert.Contains("Stopped at step", text);
        Assert.Contains($"metanb train protonet --resume {checkpoint}", text.ReplaceLineEndings(""));
        using var saved = Checkpoint.Load(checkpoint);
        Assert.True(saved.Step >= 100 && saved.Step < 1_000_000, $"saved at step {saved.Step}");
        Assert.Contains($"Stopped at step {saved.Step} of", text);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
    }

    /// <summary>Kills the child if the test fails before it exits, so that a failed run leaves no trainer behind.</summary>
    private sealed class Cleanup(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
