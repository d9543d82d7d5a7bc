using System.CommandLine;
using MetaNotebooks.Runner;
using MetaNotebooks.Runner.Site;
using Spectre.Console;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb run [notebooks...]</c>: executes notebooks headlessly (quick profile unless <c>--profile full</c>),
/// shows progress, and writes the course site to <c>artifacts/course/</c>. Exits 1 when any notebook fails.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var notebooks = new Argument<string[]>("notebooks")
        {
            Description = "Notebook files, folders, or names in notebooks/ (e.g. 03 or 03-maml). Default: all of notebooks/.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var profile = new Option<string>("--profile", "-p")
        {
            Description = "quick (minutes on a CPU) or full (the paper's budget).",
            DefaultValueFactory = _ => "quick",
        };
        profile.AcceptOnlyFromAmong("quick", "full");
        var output = new Option<string?>("--output", "-o") { Description = "The site folder. Default: artifacts/course in the repository." };
        var cellTimeout = new Option<double>("--cell-timeout") { Description = "Seconds one cell may run.", DefaultValueFactory = _ => 600 };
        var notebookTimeout = new Option<double>("--notebook-timeout") { Description = "Seconds one notebook may run.", DefaultValueFactory = _ => 1800 };
        var exercises = new Option<string>("--exercises")
        {
            Description = "The exercises' code: stubs (as written, a learner's first run), solutions (notebooks/solutions/), or both (stubs, then solutions; what the tests run).",
            DefaultValueFactory = _ => "stubs",
        };
        exercises.AcceptOnlyFromAmong("stubs", "solutions", "both");

        var command = new Command("run", "Execute notebooks headlessly and write the course site (executed notebooks, one page each, an index).")
        {
            notebooks, profile, output, cellTimeout, notebookTimeout, exercises,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(notebooks) ?? [], parse.GetValue(profile)!, parse.GetValue(output),
            TimeSpan.FromSeconds(parse.GetValue(cellTimeout)), TimeSpan.FromSeconds(parse.GetValue(notebookTimeout)),
            Enum.Parse<ExerciseMode>(parse.GetValue(exercises)!, ignoreCase: true), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] arguments, string profile, string? output, TimeSpan cellTimeout, TimeSpan notebookTimeout, ExerciseMode exercises, CancellationToken cancellationToken)
    {
        var repo = CoursePaths.RepoRoot();
        IReadOnlyList<string> paths;
        try
        {
            paths = CoursePaths.Resolve(arguments, repo);
        }
        catch (FileNotFoundException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
        var site = Path.GetFullPath(output ?? Path.Combine(repo ?? Directory.GetCurrentDirectory(), "artifacts", "course"));
        if (paths.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]No notebooks to run (notebooks/ is empty). Writing an empty course index to {site}.[/]");
        }

        AnsiConsole.MarkupLineInterpolated($"metanb run: {paths.Count} notebook(s), profile [bold]{profile}[/], exercises: {exercises.ToString().ToLowerInvariant()}, cell limit {cellTimeout.TotalSeconds:0} s -> {site}");
        var results = new List<NotebookRunResult>();
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                foreach (var path in paths)
                {
                    var name = Path.GetFileNameWithoutExtension(path);
                    var task = context.AddTask(Markup.Escape(name), maxValue: 1);
                    var progress = new Progress<NotebookProgress>(p =>
                    {
                        task.MaxValue = p.CodeCellCount;
                        task.Value = p.CodeCellIndex - 1;
                        task.Description = Markup.Escape($"{name} (cell {p.Cell})");
                    });
                    var result = await NotebookRunner.RunAsync(path, new NotebookRunOptions
                    {
                        OutputPath = CourseSite.ExecutedPath(site, path),
                        Profile = profile,
                        CellTimeout = cellTimeout,
                        NotebookTimeout = notebookTimeout,
                        Exercises = exercises,
                        // The notebook's results carry the command that ran it; notebook 17 reads the site's results.json.
                        Environment = new Dictionary<string, string>
                        {
                            [MetaNotebooks.Interactive.Course.CommandVariable] = CommandLineText.Of(["run", Path.GetFileName(path), .. profile == "quick" ? Array.Empty<string>() : ["--profile", profile]]),
                            [MetaNotebooks.Interactive.Course.SiteVariable] = site,
                        },
                    }, progress, cancellationToken);
                    results.Add(result);
                    task.Value = task.MaxValue;
                    task.Description = result.Passed ? $"[green]{Markup.Escape(name)}[/]" : $"[red]{Markup.Escape(name)}[/]";
                    task.StopTask();
                }
            });

        // The index lists the whole course, whichever of its notebooks this run took (other notebooks: just those run).
        var courseNotebooks = repo is null ? [] : CoursePaths.Resolve([], repo);
        var course = paths.All(courseNotebooks.Contains) ? courseNotebooks : paths;
        var resultsFolder = repo is null ? null : Path.Combine(repo, "results");
        var index = CourseSite.Write(site, results, profile, course, resultsFolder);
        var table = new Table().AddColumns("Notebook", "Status", "Time", "Error");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Notebook), r.Passed ? "[green]passed[/]" : $"[red]{r.Status.ToString().ToLowerInvariant()}[/]",
                $"{r.Duration.TotalSeconds:0.0} s", Markup.Escape(r.Error?.ToString() ?? ""));
        }
        AnsiConsole.Write(table);
        foreach (var r in results.Where(r => !r.Passed))
        {
            // One line per failed notebook, unwrapped, for logs and CI.
            Console.Error.WriteLine($"metanb: {r.Error}");
        }
        var failed = results.Count(r => !r.Passed);
        AnsiConsole.MarkupLineInterpolated($"{results.Count - failed} passed, {failed} failed. Site: {index}");
        return failed == 0 ? 0 : 1;
    }
}
