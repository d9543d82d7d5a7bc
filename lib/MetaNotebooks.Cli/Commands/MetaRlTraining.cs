using System.Globalization;
using MetaNotebooks.Algorithms.Reinforcement;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Spectre.Console;
using TorchSharp;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb train maml-rl --env navigation|direction</c>: meta-trains a policy with MAML and TRPO (or, with
/// <c>--inner-steps 0</c>, the pretrained baseline), checkpoints every 10 meta-steps and at the end, resumes exactly,
/// stops cleanly on Ctrl+C / SIGTERM, and ends with the average return on held-out tasks after 0 to 3 adaptation
/// steps (alpha, then alpha / 2, as Finn et al.'s evaluation script does), beside a randomly initialised policy adapted the same way.
/// A resumed run already at its last step only evaluates.
/// </summary>
public static class MetaRlTraining
{
    /// <summary>Held-out tasks scored at the end, and trajectories per task (the paper's 20).</summary>
    public const int TestTasks = 40, TestTrajectories = 20;

    /// <summary>The names <c>metanb train</c> routes here.</summary>
    public static bool Handles(string method) => method.Trim().ToLowerInvariant() is "maml-rl" or "mamlrl" or "maml-trpo";

    /// <summary>The settings a run takes from the command line (null: the profile's or the checkpoint's).</summary>
    public sealed record Settings(string? Environment, string? Profile, int? Steps, int? Tasks, int? Trajectories, int? Horizon, int? InnerSteps, double? InnerLearningRate,
        int? Hidden, long? Seed, string? Output, string? Resume, int? Threads);

    /// <summary>Runs the command; returns the exit code (0 done, 130 stopped early, 2 bad input).</summary>
    public static int Run(Settings s, CancellationToken cancellationToken)
    {
        try
        {
            Devices.UseThreads(s.Threads);
            MamlRl run;
            if (s.Resume is not null)
            {
                if (s.Environment is not null || s.Profile is not null || s.Tasks is not null || s.Trajectories is not null || s.Horizon is not null || s.InnerSteps is not null
                    || s.InnerLearningRate is not null || s.Hidden is not null || s.Seed is not null)
                    throw new ArgumentException("With --resume the checkpoint's settings are used; only --steps (to train longer) may be given.");
                if (!File.Exists(s.Resume)) throw new FileNotFoundException($"Checkpoint {Path.GetFullPath(s.Resume)} does not exist. Train with `metanb train maml-rl --out {s.Resume}` first.", s.Resume);
                run = MamlRl.Load(s.Resume, s.Steps);
            }
            else
            {
                var environment = s.Environment ?? throw new ArgumentException("maml-rl needs --env navigation (2-D navigation to a goal) or --env direction (run along a direction).");
                if (s.Profile is not null) MetaNotebooks.Tensors.Profile.Use(s.Profile);
                var defaults = MamlRlOptions.For(environment, MetaNotebooks.Tensors.Profile.Current);
                var options = defaults with
                {
                    Steps = s.Steps ?? defaults.Steps,
                    Tasks = s.Tasks ?? defaults.Tasks,
                    Trajectories = s.Trajectories ?? defaults.Trajectories,
                    Horizon = s.Horizon ?? defaults.Horizon,
                    InnerSteps = s.InnerSteps ?? defaults.InnerSteps,
                    InnerLearningRate = s.InnerLearningRate ?? defaults.InnerLearningRate,
                    Hidden = s.Hidden ?? defaults.Hidden,
                    Seed = s.Seed ?? defaults.Seed,
                };
                options.Validate();
                run = new MamlRl(options);
            }
            using (run)
            {
                var profile = MetaNotebooks.Tensors.Profile.Current.ToString().ToLowerInvariant();
                var path = s.Output ?? s.Resume ?? Path.Combine("checkpoints", $"maml-rl-{run.Options.Environment}{(run.Options.InnerSteps == 0 ? "-pretrained" : "")}-{profile}.ckpt");
                using var stop = new StopRequest(cancellationToken);
                if (s.Resume is not null) AnsiConsole.MarkupLineInterpolated($"Resumed [bold]{s.Resume}[/] at step {run.Step}.");
                AnsiConsole.MarkupLineInterpolated($"[bold]{run.Policy}[/] on {run.Device}");
                AnsiConsole.MarkupLineInterpolated($"{run.Options}");
                run.Train(new InlineProgress<MetaRlPoint>(p => AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {p.Step + 1,4}/{run.Options.Steps}: return before adapting {p.ReturnBefore,8:0.00}, after {p.ReturnAfter,8:0.00}, KL {p.Kl:0.0000}, {p.Seconds:0.00} s"))),
                    checkpointPath: path, cancellationToken: stop.Token);
                run.Save(path);
                if (run.Step < run.Options.Steps)
                {
                    AnsiConsole.MarkupLineInterpolated($"[yellow]Stopped at step {run.Step} of {run.Options.Steps}.[/] Continue with: metanb train maml-rl --resume {path}");
                    return 130;
                }
                AnsiConsole.MarkupLineInterpolated($"Checkpoint: [bold]{path}[/]");
                var tasks = run.TestTasks(TestTasks, seed: 1);
                // As Finn et al.'s evaluation script (test_maml_point.py in cbfinn/maml_rl): alpha for the first step, alpha / 2 after it.
                var later = run.Options.InnerLearningRate / 2;
                using var ours = run.Adapt(tasks, TestTrajectories, steps: 3, seed: 1, laterLearningRate: later);
                torch.manual_seed(run.Options.Seed + 1);
                using var random = new GaussianMlpPolicy(hidden: [run.Options.Hidden, run.Options.Hidden]);
                random.to(run.Device);
                using var theirs = MamlRl.Adapt(random, run.Environment, tasks, TestTrajectories, 3, run.Options.InnerLearningRate, run.Options.Discount, seed: 1, later);
                static string Row(double[] r) => string.Join(", ", r.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{i}: {v:0.00}")));
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Average return on {TestTasks} held-out tasks ({TestTrajectories} trajectories each) after 0-3 policy-gradient steps (alpha {run.Options.InnerLearningRate}, then {later}):"));
                AnsiConsole.WriteLine($"  {(run.Options.InnerSteps == 0 ? "pretrained" : "MAML"),-10} {Row(ours.AverageReturns())}");
                AnsiConsole.WriteLine($"  {"random",-10} {Row(theirs.AverageReturns())}");
                return 0;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }
}
