using MetaNotebooks.Interactive.Runner;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// Every course notebook (<c>notebooks/*.ipynb</c>) runs in the quick profile, plus the fixture notebooks
/// that must pass, so the theory has cases even while <c>notebooks/</c> is empty. A failure names the
/// notebook, cell, line and message.
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
            });
            Assert.True(result.Passed, result.Error?.ToString());
        }
        finally
        {
            File.Delete(output);
        }
    }
}
