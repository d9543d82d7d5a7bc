using System.Text.Json.Nodes;
using MetaNotebooks.Data;
using MetaNotebooks.Runner;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Runner.Site;
using Xunit.Abstractions;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// Every course notebook (<c>notebooks/*.ipynb</c>) runs in the quick profile, plus the fixture notebooks
/// that must pass, so the theory has cases even while <c>notebooks/</c> is empty. A failure names the
/// notebook, cell, line and message. The notebooks read Omniglot from <c>METANB_DATA</c>; when it is unset
/// the test points the kernel at <c>../shared/data/omniglot</c> beside the repository (and its image cache at
/// <c>data/cache</c>, since that folder may be read-only), and fails with a message when the zips are not there.
/// Each runs its exercises both ways (<see cref="ExerciseMode.Both"/>): stubs as shipped, then the reference solutions.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class CourseNotebooksTests(ITestOutputHelper output)
{
    public static TheoryData<string> Notebooks()
    {
        var course = Directory.Exists(TestPaths.Notebooks) ? Directory.GetFiles(TestPaths.Notebooks, "*.ipynb") : [];
        var mustPass = Directory.GetFiles(TestPaths.Passing, "*.ipynb");
        return new TheoryData<string>(course.Concat(mustPass).Order(StringComparer.Ordinal)
            .Select(p => Path.GetRelativePath(TestPaths.RepoRoot, p)));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_in_the_quick_profile(string notebook)
    {
        var executed = Path.Combine(Path.GetTempPath(), $"metanb-course-{Guid.NewGuid():N}.ipynb");
        try
        {
            var result = await NotebookRunner.RunAsync(Path.Combine(TestPaths.RepoRoot, notebook), new NotebookRunOptions
            {
                OutputPath = executed,
                Profile = "quick",
                CellTimeout = TimeSpan.FromMinutes(10),
                NotebookTimeout = TimeSpan.FromMinutes(20),
                Environment = DataEnvironment(),
                // Every exercise twice: with its stub left empty the check must say "not attempted yet", with the solution it must pass.
                Exercises = ExerciseMode.Both,
            });
            output.WriteLine($"notebook: {Path.GetFileName(notebook)}");   // the display name may be shortened
            Report(executed);
            Assert.True(result.Passed, result.Error?.ToString());
        }
        finally
        {
            File.Delete(executed);
        }
    }

    /// <summary>
    /// Writes what the run measured to the test's output (which `scripts/test.sh` prints beside the notebook's time): the
    /// headline, the reported results and every passed check that compares a number with a floor, so that a number that
    /// falls on another machine can be placed against the measured spread.
    /// </summary>
    private void Report(string executedPath)
    {
        if (!File.Exists(executedPath)) return;
        var notebook = NotebookDocument.Load(executedPath);
        if (CourseSite.HeadlineOf(notebook) is { } headline) output.WriteLine($"headline: {headline.Label}: {headline.Value}");
        foreach (var r in CourseSite.ResultsOf(notebook)) output.WriteLine($"result: {r}");
        var checks = notebook.Cells.SelectMany(c => c.Outputs.OfType<JsonObject>())
            .SelectMany(o => (CellOutput.ReadStream(o) ?? "").Split('\n'))
            .Where(line => line.StartsWith("ok: ", StringComparison.Ordinal) && line.Contains('%') && (line.Contains(">=") || line.Contains("> ")));
        foreach (var line in checks) output.WriteLine($"check {line.TrimEnd()}");
        var exerciseLines = notebook.Cells.SelectMany(c => c.Outputs.OfType<JsonObject>())
            .SelectMany(o => (CellOutput.ReadStream(o) ?? "").Split('\n'))
            .Where(line => line.StartsWith("exercise ", StringComparison.Ordinal)).ToList();
        if (exerciseLines.Count > 0)
        {
            output.WriteLine($"exercises: {exerciseLines.Count(l => l.Contains(KernelHost.NotAttemptedMarker, StringComparison.Ordinal))} not attempted yet with the stubs, " +
                $"{exerciseLines.Count(l => l.EndsWith(KernelHost.PassedMarker, StringComparison.Ordinal))} passed with the solutions");
        }
    }

    /// <summary>
    /// METANB_DATA and METANB_CACHE for the kernel: the environment's when set, else the shared Omniglot zips beside
    /// the repository and a cache under the repository's git-ignored <c>data/</c>.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> DataEnvironment()
    {
        var environment = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DataVariable)))
        {
            var shared = Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "data", "omniglot"));
            var missing = new[] { OmniglotFiles.BackgroundZip, OmniglotFiles.EvaluationZip }.Where(f => !File.Exists(Path.Combine(shared, f))).ToList();
            Assert.True(missing.Count == 0,
                $"The course notebooks need the Omniglot zips, but {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not in {shared}. " +
                $"Put images_background.zip and images_evaluation.zip (from {OmniglotFiles.BaseUrl}) there, " +
                $"or set {DataVariable} to a folder that holds them.");
            environment[DataVariable] = shared;
        }
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CacheVariable)))
        {
            environment[CacheVariable] = Path.Combine(TestPaths.RepoRoot, "data", "cache");
        }
        return environment;
    }

    private const string DataVariable = DataFolder.EnvironmentVariable;
    private const string CacheVariable = DataFolder.CacheVariable;
}
