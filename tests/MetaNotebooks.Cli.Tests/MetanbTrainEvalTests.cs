using System.CommandLine;
using MetaNotebooks.Cli.Commands;
using Spectre.Console;

namespace MetaNotebooks.Cli.Tests;

/// <summary>
/// <c>metanb train</c> and <c>metanb eval</c>: errors name what is wrong (exit 2), and a tiny run trains, saves,
/// resumes and evaluates end to end on the real Omniglot.
/// </summary>
[Collection(TrainEvalCollection.Name)]
public sealed class MetanbTrainEvalTests : IDisposable
{
    private static readonly string Repo = CoursePaths.RepoRoot(AppContext.BaseDirectory)!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"metanb-train-{Guid.NewGuid():N}");
    private readonly StringWriter _console = new();
    private readonly IAnsiConsole _previous = AnsiConsole.Console;
    private readonly string? _previousCache = Environment.GetEnvironmentVariable("METANB_CACHE");

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
        Assert.Contains("Unknown method 'mamba'. Known methods: protonet, pretrain.", Output);
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

        // The untrained baseline, by name, on the same protocol.
        Assert.Equal(0, await Metanb("eval", "pixelnn", "--ways", "5", "--shots", "1", "--episodes", "10", "--data", data, "--threads", "1"));
        Assert.Contains("Pixel NN (no training)", Output);
    }
}

/// <summary>These tests replace the global AnsiConsole: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainEvalCollection
{
    public const string Name = "train-eval";
}
