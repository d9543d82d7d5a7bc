using MetaNotebooks.Data;
using MetaNotebooks.Runner;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// Every course notebook (<c>notebooks/*.ipynb</c>) runs in the quick profile, plus the fixture notebooks
/// that must pass, so the theory has cases even while <c>notebooks/</c> is empty. A failure names the
/// notebook, cell, line and message. The notebooks read Omniglot from <c>METANB_DATA</c>; when it is unset
/// the test points the kernel at <c>../shared/data/omniglot</c> beside the repository (and its image cache at
/// <c>data/cache</c>, since that folder may be read-only), and fails with a message when the zips are not there.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class CourseNotebooksTests
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
        var output = Path.Combine(Path.GetTempPath(), $"metanb-course-{Guid.NewGuid():N}.ipynb");
        try
        {
            var result = await NotebookRunner.RunAsync(Path.Combine(TestPaths.RepoRoot, notebook), new NotebookRunOptions
            {
                OutputPath = output,
                Profile = "quick",
                CellTimeout = TimeSpan.FromMinutes(10),
                NotebookTimeout = TimeSpan.FromMinutes(20),
                Environment = DataEnvironment(),
            });
            Assert.True(result.Passed, result.Error?.ToString());
        }
        finally
        {
            File.Delete(output);
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
