using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MetaNotebooks.Cli.Commands;
using MetaNotebooks.Training;
using Spectre.Console;

namespace MetaNotebooks.Cli.Tests;

/// <summary>
/// <c>metanb train</c> and <c>metanb eval</c>: errors name what is wrong (exit 2), a tiny run trains, saves,
/// resumes and evaluates end to end on the real Omniglot, and Ctrl+C saves a resumable checkpoint.
/// </summary>
[Collection(TrainEvalCollection.Name)]
public sealed class MetanbTrainEvalTests : IDisposable
{
    private static readonly string Repo = CoursePaths.RepoRoot(AppContext.BaseDirectory)!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"metanb-train-{Guid.NewGuid():N}");
    private readonly StringWriter _console = new();
    private readonly IAnsiConsole _previous = AnsiConsole.Console;
    private readonly string? _previousCache = Environment.GetEnvironmentVariable("METANB_CACHE");
    private readonly string? _previousThreads = Environment.GetEnvironmentVariable("METANB_NUM_THREADS");

    public MetanbTrainEvalTests()
    {
        Directory.CreateDirectory(_folder);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_console), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        AnsiConsole.Profile.Width = 200;
    }

    public void Dispose()
    {
        AnsiConsole.Console = _previous;
        Environment.SetEnvironmentVariable("METANB_CACHE", _previousCache);
        Environment.SetEnvironmentVariable("METANB_NUM_THREADS", _previousThreads);
        Directory.Delete(_folder, recursive: true);
    }

    private string Output => _console.ToString();

    private static Task<int> Metanb(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        return root.Parse(args).InvokeAsync();
    }

    [Fact]
    public async Task Unknown_method_lists_the_known_ones()
    {
        Assert.Equal(2, await Metanb("train", "mamba"));
        Assert.Contains("Unknown method 'mamba'. Known methods: protonet, pretrain, maml, fomaml, anil, metasgd, reptile, siamese, matching, relation, gnn, mann, metanet, hypernet, lstm-meta.", System.Text.RegularExpressions.Regex.Replace(Output, @"\s+", " "));
    }

    [Fact]
    public async Task Bad_options_are_named()
    {
        Assert.Equal(2, await Metanb("train", "protonet", "--steps", "-5", "--ways", "1"));
        Assert.Contains("steps = -5", Output);
        Assert.Contains("ways = 1 (at least 2)", Output);
        Assert.NotEqual(0, await Metanb("train", "protonet", "--profile", "huge"));
        Assert.NotEqual(0, await Metanb("train", "protonet", "--steps", "many"));
        Assert.Equal(2, await Metanb("eval", Path.Combine(_folder, "none.ckpt"), "--episodes", "0"));
        Assert.Contains("--episodes must be at least 1", Output);
        Assert.Equal(2, await Metanb("eval", "pixelnn", "--threads", "0"));
        Assert.Contains("--threads must be a positive integer, not 0", Output);
        Assert.Equal(2, await Metanb("train", "maml-rl", "--env", "navigation", "--threads", "-1"));
        Assert.Contains("--threads must be a positive integer, not -1", Output);
        Assert.NotEqual(0, await Metanb("eval", "pixelnn", "--threads", "two"));
    }

    [Fact]
    public async Task A_corrupted_or_missing_checkpoint_is_reported_by_name()
    {
        var path = Path.Combine(_folder, "broken.ckpt");
        File.WriteAllBytes(path, "MNTENSOR not really a checkpoint at all, just bytes"u8.ToArray());
        Assert.Equal(2, await Metanb("eval", path));
        Assert.Contains($"Checkpoint {path} cannot be used", Output.ReplaceLineEndings(""));
        Assert.Equal(2, await Metanb("eval", Path.Combine(_folder, "missing.ckpt")));
        Assert.Contains("does not exist", Output);
    }

    [Fact]
    public async Task Train_saves_resume_continues_and_eval_prints_the_table()
    {
        var data = Path.GetFullPath(Path.Combine(Repo, "..", "shared", "data", "omniglot"));
        Assert.True(File.Exists(Path.Combine(data, "images_background.zip")), $"the test needs the Omniglot zips in {data}");
        Environment.SetEnvironmentVariable("METANB_CACHE", Path.Combine(_folder, "cache"));
        var checkpoint = Path.Combine(_folder, "proto.ckpt");
        string[] common = ["--data", data, "--threads", "1", "--out", checkpoint];
        Assert.Equal(0, await Metanb(["train", "protonet", "--steps", "2", "--ways", "5", "--shots", "1", "--queries", "2", "--test-episodes", "10", .. common]));
        Assert.True(File.Exists(checkpoint));
        Assert.Contains("Best validation accuracy", Output);
        Assert.Contains("Test (best model): ProtoNet 5-way 1-shot", Output);

        Assert.Equal(2, await Metanb(["train", "protonet", "--resume", checkpoint, "--ways", "20", .. common]));
        Assert.Contains("only --steps (to train longer) may be given", Output);
        Assert.Equal(2, await Metanb(["train", "pretrain", "--resume", checkpoint, .. common]));
        Assert.Contains("trains protonet, not pretrain", Output);
        Assert.Equal(0, await Metanb(["train", "protonet", "--resume", checkpoint, "--steps", "3", "--test-episodes", "0", .. common]));
        Assert.Contains("Resumed", Output);
        Assert.Contains("at step 2", Output);

        Assert.Equal(0, await Metanb("eval", checkpoint, "--ways", "5", "--shots", "1", "5", "--episodes", "10", "--data", data, "--threads", "1"));
        Assert.Contains("(step 3)", Output);
        Assert.Contains("5-way 1-shot", Output);
        Assert.Contains("5-way 5-shot", Output);
        Assert.Contains("98.8% (Snell et al. 2017)", Output);
        Assert.DoesNotContain("20-way", Output.Split("Setting")[^1]);

        // --results: one file per setting, with the training run's provenance from the checkpoint.
        var results = Path.Combine(_folder, "results");
        Assert.Equal(0, await Metanb("eval", checkpoint, "--ways", "5", "--shots", "1", "--episodes", "10", "--data", data, "--threads", "1", "--results", results));
        var (file, record) = Assert.Single(MetaNotebooks.Evaluation.ResultFiles.Read(results));
        Assert.Equal("protonet-5w1s-quick-3steps-s0.json", file);
        Assert.Equal(("protonet", 5, 1, 10, 3), (record.Method, record.Ways, record.Shots, record.Episodes, record.Steps));
        Assert.Equal(10, record.Correct!.Count);
        Assert.True(record.TrainingCpuSeconds > 0 && record.TrainingWallSeconds > 0);
        Assert.Equal(("cpu x1", 1), (record.Device, record.Threads));
        Assert.StartsWith("metanb train protonet --steps 2 ", record.TrainingCommand);
        Assert.Contains(" ; metanb train protonet --resume ", record.TrainingCommand);
        Assert.StartsWith("metanb eval ", record.Command);
        Assert.EndsWith("--results " + results, record.Command);

        // The untrained baseline, by name, on the same protocol; --threads wins over METANB_NUM_THREADS.
        Environment.SetEnvironmentVariable("METANB_NUM_THREADS", "3");
        Assert.Equal(0, await Metanb("eval", "pixelnn", "--ways", "5", "--shots", "1", "--episodes", "10", "--data", data, "--threads", "1"));
        Assert.Contains("Pixel NN (no training)", Output);
        Assert.Equal(1, TorchSharp.torch.get_num_threads());
    }

    [Fact]
    public async Task Maml_rl_trains_resumes_and_reports_adaptation_and_refuses_what_does_not_apply()
    {
        var checkpoint = Path.Combine(_folder, "nav.ckpt");
        string[] tiny = ["--tasks", "2", "--trajectories", "2", "--horizon", "5", "--hidden", "8", "--threads", "1", "--out", checkpoint];
        Assert.Equal(0, await Metanb(["train", "maml-rl", "--env", "navigation", "--steps", "2", .. tiny]));
        Assert.True(File.Exists(checkpoint));
        Assert.Contains("navigation: 2 tasks x 2 trajectories, horizon 5, 1 inner step (alpha 0.1)", Output);
        Assert.Contains("step    2/2", Output);
        Assert.Contains("Average return on 40 held-out tasks (20 trajectories each) after 0-3 policy-gradient steps (alpha 0.1, then 0.05):", Output);
        Assert.Matches(@"MAML\s+0: -?\d+\.\d\d, 1: -?\d+\.\d\d, 2: -?\d+\.\d\d, 3: -?\d+\.\d\d", Output);
        Assert.Matches(@"random\s+0: -?\d+\.\d\d", Output);

        Assert.Equal(0, await Metanb("train", "maml-rl", "--resume", checkpoint, "--steps", "3", "--threads", "1"));
        Assert.Contains($"Resumed {checkpoint} at step 2", Output.ReplaceLineEndings(""));
        Assert.Contains("step    3/3", Output);

        Assert.Equal(2, await Metanb("train", "maml-rl", "--resume", checkpoint, "--env", "direction"));
        Assert.Contains("only --steps (to train longer) may be given", Output);
        Assert.Equal(2, await Metanb("eval", checkpoint));
        Assert.Contains("meta-reinforcement-learning policy", Output);
        Assert.Equal(2, await Metanb("train", "maml-rl", "--env", "navigation", "--ways", "5", "--queries", "3"));
        Assert.Contains("--ways, --queries do not apply", Output.ReplaceLineEndings(" "));
        Assert.Equal(2, await Metanb("train", "protonet", "--env", "navigation"));
        Assert.Contains("--env apply to maml-rl only", Output);
        Assert.Equal(2, await Metanb("train", "maml-rl"));
        Assert.Contains("maml-rl needs --env navigation", Output);
        Assert.Equal(2, await Metanb("train", "maml-rl", "--env", "cheetah"));
        Assert.Contains("Unknown environment 'cheetah'", Output);
        Assert.Equal(2, await Metanb("train", "maml-rl", "--env", "navigation", "--horizon", "0"));
        Assert.Contains("horizon must be at least 1", Output);
        Assert.Equal(2, await Metanb("train", "maml-rl", "--env", "direction", "--trajectories", "0"));
        Assert.Contains("at least 1 trajectory", Output);
    }

    /// <summary>
    /// Ctrl+C (SIGINT) or SIGTERM during <c>metanb train</c>: the real process finishes its step, saves a resumable
    /// checkpoint and exits 130.
    /// </summary>
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void Sigint_or_sigterm_saves_a_checkpoint_at_the_step_reached_and_exits_130(string signal)
    {
        var data = Path.GetFullPath(Path.Combine(Repo, "..", "shared", "data", "omniglot"));
        var checkpoint = Path.Combine(_folder, "proto.ckpt");
        // Through `env --default-signal=INT`: a process inherits an ignored SIGINT (the test run started as a background job
        // of a non-interactive shell, `bash .ci/run &`), and .NET keeps it ignored, so the signal would never arrive; this
        // test is about what metanb does with a Ctrl+C that reaches it. (Found by a thread dump of a stuck run: training
        // on, no signal-handler thread, SigIgn 0x2 in /proc/PID/status.)
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "metanb.dll"), "train", "protonet", "--steps", "1000000", "--ways", "5", "--shots", "1",
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
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"metanb train did not stop within a minute of SIG{signal}. {Diagnose(process.Id)} Output: {output}; errors: {errors}");
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

    /// <summary>
    /// What a stuck child was doing, so that a failure on another machine can be placed: its state and signal masks
    /// (SigIgn with bit 1 set: SIGINT is ignored, e.g. inherited from a background job of a non-interactive shell) and each
    /// thread's name, state and kernel wait channel.
    /// </summary>
    private static string Diagnose(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("State", StringComparison.Ordinal) || l.StartsWith("Sig", StringComparison.Ordinal));
            var threads = Directory.GetDirectories($"/proc/{pid}/task").Select(t =>
            {
                string Read(string file) { try { return File.ReadAllText(Path.Combine(t, file)).Trim(); } catch (IOException) { return "?"; } }
                var state = Read("stat").Split(") ").ElementAtOrDefault(1)?.Split(' ')[0] ?? "?";
                return $"{Read("comm")} {state} {Read("wchan")}";
            });
            return $"Child {pid}: {string.Join(", ", status)}; threads: {string.Join("; ", threads)}.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Child {pid} could not be inspected ({e.Message}).";
        }
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

/// <summary>These tests replace the global AnsiConsole: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainEvalCollection
{
    public const string Name = "train-eval";
}
