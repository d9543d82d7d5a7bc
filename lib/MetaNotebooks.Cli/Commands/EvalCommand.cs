using System.CommandLine;
using System.Globalization;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Baselines;
using MetaNotebooks.Algorithms.Model;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Spectre.Console;
using TorchSharp;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb eval &lt;checkpoint&gt;</c>: rebuilds the learner from a checkpoint (its best validated state unless
/// --last; or the pixel nearest-neighbour baseline for <c>pixelnn</c>), scores it on the fixed test episodes of each setting (default: 5/20-way x 1/5-shot, 600 episodes), and
/// prints the results beside the paper's numbers.
/// </summary>
public static class EvalCommand
{
    /// <summary>The name that evaluates the pixel-space nearest-neighbour baseline instead of a checkpoint.</summary>
    public const string PixelNearestNeighbourName = "pixelnn";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = $"A checkpoint written by metanb train, or {PixelNearestNeighbourName} for the untrained pixel-space nearest-neighbour baseline." };
        var ways = new Option<int[]>("--ways") { Description = "Ways to test (default: 5 20).", AllowMultipleArgumentsPerToken = true };
        var shots = new Option<int[]>("--shots") { Description = "Shots to test (default: 1 5).", AllowMultipleArgumentsPerToken = true };
        var episodes = new Option<int>("--episodes") { Description = "Test episodes per setting (the papers: 600).", DefaultValueFactory = _ => TestProtocol.EpisodeCount };
        var last = new Option<bool>("--last") { Description = "Use the last state instead of the best validated one." };
        var results = new Option<string?>("--results") { Description = "Also write each setting's result with its provenance (per-episode accuracies, training steps and time, device, commit, command, date) as a JSON file into this folder, e.g. results/longer." };
        var data = CommandData.DataOption();
        var threads = CommandData.ThreadsOption();
        var command = new Command("eval", "Evaluate a checkpoint on the fixed test episodes (mean accuracy and 95% interval).")
        {
            checkpoint, ways, shots, episodes, last, results, data, threads,
        };
        command.SetAction(parse => Run(parse.GetValue(checkpoint)!, parse.GetValue(ways), parse.GetValue(shots), parse.GetValue(episodes),
            parse.GetValue(last), parse.GetValue(results), parse.GetValue(data), parse.GetValue(threads), CommandLineText.Of(parse)));
        return command;
    }

    // MANN's own protocol (Santoro et al. 2016, Table 1): accuracy at each presentation of a class in 100 test sequences.
    private static void WriteByInstance(MemoryAugmentedNetwork mann, IEpisodeSource source, ClassSplit split)
    {
        var sampler = new SequenceSampler(split.Test, ways: mann.Options.Ways, instances: 10);
        var (accuracy, steps) = InstanceAccuracy.Evaluate(mann, source, sampler, sequences: 100);
        var table = new Table().AddColumns("Instance", "Accuracy", "Steps", "Paper");
        for (var k = 1; k <= accuracy.Length; k++)
        {
            var paper = PaperResults.MannByInstance.Where(p => p.Instance == k).Select(p => string.Create(CultureInfo.InvariantCulture, $"{100 * p.Accuracy:0.0}%")).FirstOrDefault() ?? "-";
            table.AddRow(k.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{100 * accuracy[k - 1]:0.0}%"), steps[k - 1].ToString(CultureInfo.InvariantCulture), paper);
        }
        AnsiConsole.MarkupLineInterpolated($"By instance, {sampler} (100 sequences, seed 0), beside Santoro et al. 2016, Table 1:");
        AnsiConsole.Write(table);
    }

    // The result with its provenance: the training run's from the checkpoint, this command's from the process.
    private static ResultRecord Record(AccuracyResult result, Checkpoint? checkpoint, bool last, string commandLine)
    {
        var record = ResultRecord.Of(checkpoint?.Config.Method ?? MethodNames.PixelNearestNeighbour, result, Provenance.Now(commandLine));
        if (checkpoint is null) return record with { Profile = "none" };
        var bestStep = checkpoint.Tensors.ContainsKey("trainer.best_step") ? (int)checkpoint.Scalar("trainer.best_step") : -1;
        return record with
        {
            Profile = checkpoint.Config.Profile,
            Steps = checkpoint.Step,
            ScoredStep = !last && bestStep >= 0 && checkpoint.Part("best.").Count > 0 ? bestStep : checkpoint.Step,
            TrainingWallSeconds = checkpoint.WallSeconds,
            TrainingCpuSeconds = checkpoint.CpuSeconds,
            Seed = checkpoint.Config.Seed,
            TrainingCommand = checkpoint.Command,
        };
    }

    private static int Run(string path, int[]? ways, int[]? shots, int episodes, bool last, string? results, string? data, int? threads, string commandLine)
    {
        try
        {
            if (episodes < 1) throw new ArgumentException($"--episodes must be at least 1, not {episodes}.");
            var wayList = ways is { Length: > 0 } ? ways : [5, 20];
            var shotList = shots is { Length: > 0 } ? shots : [1, 5];
            if (wayList.Any(w => w < 2) || shotList.Any(s => s < 1 || s + TestProtocol.Queries > 20))
                throw new ArgumentException($"--ways must be at least 2 and --shots between 1 and {20 - TestProtocol.Queries} ({TestProtocol.Queries} queries per class of 20 drawings).");
            var untrained = !File.Exists(path) && string.Equals(path, PixelNearestNeighbourName, StringComparison.OrdinalIgnoreCase);
            using var checkpoint = untrained ? null : Checkpoint.Load(path);
            // A gradient-based method's head has as many outputs as it was trained with: it is scored at that N only.
            if (checkpoint is not null && Learners.HasFixedHead(checkpoint.Config.Method) && ways is not { Length: > 0 }) wayList = [checkpoint.Config.Ways];
            using var omniglot = CommandData.Load(data, threads);
            // Pixel nearest neighbour has nothing to train: it is scored on the default protocol's split.
            var config = checkpoint?.Config ?? TrainingConfig.For("protonet", ProfileName.Quick);
            var experiment = new Experiment(config, omniglot.Classes);
            using IFewShotLearner learner = checkpoint is null ? new PixelNearestNeighbour() : Learners.Create(config, experiment.Split);
            if (checkpoint is not null)
            {
                var best = checkpoint.Part("best.");
                learner.load_state_dict(!last && best.Count > 0 ? best : checkpoint.Part("learner."));
                AnsiConsole.MarkupLineInterpolated($"[bold]{learner}[/], {(!last && best.Count > 0 ? "best validated" : "last")} state of {path} (step {checkpoint.Step})");
                AnsiConsole.MarkupLineInterpolated($"{checkpoint.Config}");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{learner}[/] (no training), {experiment.Split}");
            }
            var settings = wayList.SelectMany(w => shotList.Select(s => (w, s))).ToList();
            var table = new Table().AddColumns("Setting", "Accuracy", "95% interval", "Episodes", "Paper");
            foreach (var row in TestProtocol.Table(learner, omniglot, experiment.Split, settings, episodes))
            {
                table.AddRow(
                    $"{row.Ours.Ways}-way {row.Ours.Shots}-shot",
                    string.Create(CultureInfo.InvariantCulture, $"{100 * row.Ours.Mean:0.00}%"),
                    string.Create(CultureInfo.InvariantCulture, $"± {100 * row.Ours.Ci95:0.00}%"),
                    row.Ours.Episodes.ToString(CultureInfo.InvariantCulture),
                    row.Paper is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100 * row.Paper.Accuracy:0.0}% ({row.Paper.Paper})"));
                if (results is not null)
                    AnsiConsole.MarkupLineInterpolated($"Result file: {ResultFiles.Write(Record(row.Ours, checkpoint, last, commandLine), results)}");
            }
            AnsiConsole.Write(table);
            if (learner is MemoryAugmentedNetwork mann) WriteByInstance(mann, omniglot, experiment.Split);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }
}
