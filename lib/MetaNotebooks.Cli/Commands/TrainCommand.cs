using System.CommandLine;
using System.Globalization;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Training;
using Spectre.Console;
using TorchSharp;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb train &lt;method&gt;</c>: meta-trains a few-shot method (any of <see cref="Learners.Known"/>) with the quick or full
/// profile's settings (each overridable), shows a progress bar, saves checkpoints to --out (at every validation and at the
/// end; Ctrl+C or SIGTERM stops after the current step and saves, a second one quits at once: <see cref="StopRequest"/>),
/// resumes exactly with --resume, and ends with the best model's accuracy on the fixed test episodes. <c>maml-rl</c>
/// (meta-reinforcement learning, with <c>--env</c>) goes to <see cref="MetaRlTraining"/>.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var method = new Argument<string>("method") { Description = $"The method to train: {string.Join(", ", Learners.Known)}; or maml-rl (meta-reinforcement learning, with --env)." };
        var profile = new Option<string?>("--profile", "-p") { Description = $"quick (minutes on a CPU) or full (the paper's budget); default: ${MetaNotebooks.Tensors.Profile.EnvironmentVariable}, else quick." };
        profile.AcceptOnlyFromAmong("quick", "full");
        var steps = new Option<int?>("--steps") { Description = "Meta-training steps (with --resume: train on to this step)." };
        var ways = new Option<int?>("--ways") { Description = "N: classes per training episode." };
        var shots = new Option<int?>("--shots") { Description = "K: support images per class." };
        var queries = new Option<int?>("--queries") { Description = "Q: query images per class." };
        var tasks = new Option<int?>("--tasks") { Description = "Episodes per meta-training step." };
        var seed = new Option<long?>("--seed") { Description = "Seed of the initialisation and the training episodes." };
        var lr = new Option<double?>("--lr") { Description = "Adam's initial learning rate." };
        var lrStep = new Option<int?>("--lr-step") { Description = "StepLR: halve the learning rate every this many steps (quick: 150, pretrain 500; full: 2000, as the paper)." };
        var innerSteps = new Option<int?>("--inner-steps") { Description = "Gradient-based methods: inner-loop steps per task in training (MAML 5-way: 1, 20-way: 5)." };
        var testInnerSteps = new Option<int?>("--test-inner-steps") { Description = "Gradient-based methods: inner-loop steps at test time (MAML: 3 for 5-way, 5 for 20-way)." };
        var innerLr = new Option<double?>("--inner-lr") { Description = "Gradient-based methods: the inner learning rate alpha (MAML 5-way: 0.4, 20-way: 0.1)." };
        var hidden = new Option<int?>("--hidden") { Description = "Filters per Conv4 block (the papers: 64)." };
        var output = new Option<string?>("--out", "-o") { Description = "Checkpoint path (default: checkpoints/<method>-<profile>.ckpt)." };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (its settings are used; --steps may extend the run)." };
        var testEpisodes = new Option<int>("--test-episodes")
        {
            Description = "Fixed 1-shot test episodes scored at the end (5-way; N-way for a gradient-based method trained N-way) (0: skip).",
            DefaultValueFactory = _ => TestProtocol.EpisodeCount,
        };
        var environment = new Option<string?>("--env") { Description = "maml-rl only: the task family, navigation (2-D navigation to a goal) or direction (run along a direction)." };
        var trajectories = new Option<int?>("--trajectories") { Description = "maml-rl only: trajectories per task before and after adaptation (the paper: 20)." };
        var horizon = new Option<int?>("--horizon") { Description = "maml-rl only: steps per trajectory (the paper: 100)." };
        var data = CommandData.DataOption();
        var threads = CommandData.ThreadsOption();
        var command = new Command("train", "Meta-train a few-shot method on Omniglot, with checkpoints and exact resume.")
        {
            method, profile, steps, ways, shots, queries, tasks, seed, lr, lrStep, innerSteps, testInnerSteps, innerLr, hidden, output, resume, testEpisodes, data, threads, environment, trajectories, horizon,
        };
        // Task.Run: the action must return its task at once, so that on Ctrl+C System.CommandLine cancels the token and
        // waits for the step to finish and the checkpoint to be saved (a synchronous action is killed at the signal).
        command.SetAction((parse, cancellationToken) => Task.Run(() => MetaRlTraining.Handles(parse.GetValue(method)!)
            ? RunMetaRl(parse, parse.GetValue(method)!, (ways, shots, queries, lr, lrStep, testInnerSteps, testEpisodes, data), new MetaRlTraining.Settings(
                parse.GetValue(environment), parse.GetValue(profile), parse.GetValue(steps), parse.GetValue(tasks), parse.GetValue(trajectories), parse.GetValue(horizon),
                parse.GetValue(innerSteps), parse.GetValue(innerLr), parse.GetValue(hidden), parse.GetValue(seed), parse.GetValue(output), parse.GetValue(resume),
                parse.GetValue(threads)), cancellationToken)
            : RejectMetaRlOptions(parse, (environment, trajectories, horizon)) ?? Run(
            parse.GetValue(method)!, parse.GetValue(profile), parse.GetValue(steps), parse.GetValue(ways), parse.GetValue(shots), parse.GetValue(queries),
            parse.GetValue(tasks), parse.GetValue(seed), parse.GetValue(lr), parse.GetValue(lrStep),
            (parse.GetValue(innerSteps), parse.GetValue(testInnerSteps), parse.GetValue(innerLr)), parse.GetValue(hidden), parse.GetValue(output), parse.GetValue(resume), parse.GetValue(testEpisodes), parse.GetValue(data),
            parse.GetValue(threads), CommandLineText.Of(parse), cancellationToken), CancellationToken.None));
        return command;
    }

    // Options that mean nothing for a policy (classes, queries, the classifier's learning rate, Omniglot) are refused by name.
    private static int RunMetaRl(ParseResult parse, string method, (Option<int?> Ways, Option<int?> Shots, Option<int?> Queries, Option<double?> Lr, Option<int?> LrStep,
        Option<int?> TestInnerSteps, Option<int> TestEpisodes, Option<string?> Data) few, MetaRlTraining.Settings settings, CancellationToken cancellationToken)
    {
        var given = Given(parse, few.Ways, few.Shots, few.Queries, few.Lr, few.LrStep, few.TestInnerSteps, few.TestEpisodes, few.Data);
        if (given.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{method} trains a policy, not a few-shot classifier: {string.Join(", ", given)} {(given.Count == 1 ? "does" : "do")} not apply. It takes --env, --steps, --tasks, --trajectories, --horizon, --inner-steps (1 MAML, 0 pretrained), --inner-lr, --hidden, --seed, --profile, --out, --resume, --threads.[/]");
            return 2;
        }
        return MetaRlTraining.Run(settings, cancellationToken);
    }

    // The names of the options typed on the command line (not those filled in by a default).
    private static List<string> Given(ParseResult parse, params Option[] options) =>
        options.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    private static int? RejectMetaRlOptions(ParseResult parse, (Option<string?> Environment, Option<int?> Trajectories, Option<int?> Horizon) rl)
    {
        var given = Given(parse, rl.Environment, rl.Trajectories, rl.Horizon);
        if (given.Count == 0) return null;
        AnsiConsole.MarkupLineInterpolated($"[red]{string.Join(", ", given)} apply to maml-rl only (metanb train maml-rl --env navigation).[/]");
        return 2;
    }

    private static int Run(string method, string? profile, int? steps, int? ways, int? shots, int? queries, int? tasks, long? seed, double? lr, int? lrStep,
        (int? Steps, int? TestSteps, double? Rate) inner, int? hidden, string? output, string? resume, int testEpisodes, string? data, int? threads, string commandLine, CancellationToken cancellationToken)
    {
        Checkpoint? checkpoint = null;
        try
        {
            var name = Learners.Canonical(method);
            TrainingConfig config;
            if (resume is not null)
            {
                checkpoint = Checkpoint.Load(resume);
                if (checkpoint.Config.Method != name)
                    throw new ArgumentException($"Checkpoint {resume} trains {checkpoint.Config.Method}, not {name}.");
                if (ways is not null || shots is not null || queries is not null || tasks is not null || seed is not null || lr is not null || lrStep is not null || profile is not null
                    || inner.Steps is not null || inner.TestSteps is not null || inner.Rate is not null || hidden is not null)
                    throw new ArgumentException("With --resume the checkpoint's settings are used; only --steps (to train longer) may be given.");
                config = checkpoint.Config with { Steps = steps ?? checkpoint.Config.Steps };
            }
            else
            {
                if (profile is not null) MetaNotebooks.Tensors.Profile.Use(profile);
                config = TrainingConfig.For(name);
                config = config with
                {
                    Steps = steps ?? config.Steps,
                    Ways = ways ?? config.Ways,
                    Shots = shots ?? config.Shots,
                    Queries = queries ?? config.Queries,
                    Tasks = tasks ?? config.Tasks,
                    Seed = seed ?? config.Seed,
                    LearningRate = lr ?? config.LearningRate,
                    LearningRateStepSize = lrStep ?? config.LearningRateStepSize,
                    InnerSteps = inner.Steps ?? config.InnerSteps,
                    TestInnerSteps = inner.TestSteps ?? config.TestInnerSteps,
                    InnerLearningRate = inner.Rate ?? config.InnerLearningRate,
                    Hidden = hidden ?? config.Hidden,
                };
            }
            config.Validate();
            if (testEpisodes < 0) throw new ArgumentException($"--test-episodes must be 0 (skip) or more, not {testEpisodes}.");
            var path = output ?? resume ?? Path.Combine("checkpoints", $"{name}-{config.Profile}.ckpt");

            using var stop = new StopRequest(cancellationToken);
            using var omniglot = CommandData.Load(data, threads);
            var experiment = new Experiment(config, omniglot.Classes);
            torch.manual_seed(config.Seed);
            using var learner = Learners.Create(config, experiment.Split);
            using var trainer = new MetaTrainer(learner, omniglot, experiment);
            if (checkpoint is not null)
            {
                trainer.Resume(checkpoint);
                AnsiConsole.MarkupLineInterpolated($"Resumed [bold]{resume}[/] at step {trainer.Step}.");
            }
            trainer.Command = trainer.Command is null ? commandLine : trainer.Command + " ; " + commandLine;
            AnsiConsole.MarkupLineInterpolated($"[bold]{learner}[/]");
            AnsiConsole.MarkupLineInterpolated($"{config}");
            AnsiConsole.MarkupLineInterpolated($"{experiment.Split}");

            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape($"{learner.Name}"), maxValue: config.Steps);
                    task.Value = trainer.Step;
                    trainer.Run(progress: new InlineProgress<TrainingProgress>(p =>
                    {
                        task.Value = p.Step;
                        task.Description = Markup.Escape(p.ToString());
                    }), checkpointPath: path, cancellationToken: stop.Token);
                });
            trainer.Save(path);
            if (trainer.Step < config.Steps)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]Stopped at step {trainer.Step} of {config.Steps}.[/] Continue with: metanb train {name} --resume {path}");
                return 130;
            }
            AnsiConsole.MarkupLineInterpolated($"Checkpoint: [bold]{path}[/]");
            if (trainer.Best is { } best)
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Best validation accuracy {100 * best.Accuracy:0.00}% at step {best.Step}."));
            if (testEpisodes > 0)
            {
                trainer.UseBest();
                var result = TestProtocol.Evaluate(learner, omniglot, TestProtocol.Episodes(experiment.Split, Learners.EvaluationWays(config), 1, testEpisodes));
                AnsiConsole.MarkupLineInterpolated($"Test (best model): {result}");
            }
            AnsiConsole.MarkupLineInterpolated($"All four settings: metanb eval {path}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
        finally
        {
            checkpoint?.Dispose();
        }
    }
}
