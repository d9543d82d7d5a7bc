using MetaNotebooks.Runner.Site;
using MetaNotebooks.Runner;

namespace MetaNotebooks.Runner.Tests;

/// <summary>
/// Executed copies are valid nbformat 4: Debian's nbformat validates them with warnings as errors, and
/// Debian's jupyter-nbconvert converts them to HTML.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class ExecutedNotebookValidityTests(ExecutedFixtures executed)
{
    public static TheoryData<string> Names => new(ExecutedFixtures.Notebooks);

    [Theory]
    [MemberData(nameof(Names))]
    public void Executed_copy_validates_as_nbformat_4(string name)
    {
        var result = executed.Result(name);
        var (code, output) = ProcessRunner.Run("/usr/bin/python3", TimeSpan.FromMinutes(1), "-W", "error", "-c",
            "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print('valid', nb.nbformat, nb.nbformat_minor)",
            result.ExecutedPath);
        Assert.True(code == 0, output);
        Assert.Contains("valid 4", output);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Executed_copy_converts_with_jupyter_nbconvert(string name)
    {
        var result = executed.Result(name);
        var outDir = Path.Combine(executed.Directory, "nbconvert");
        var (code, output) = ProcessRunner.Run("/usr/bin/jupyter-nbconvert", TimeSpan.FromMinutes(2),
            "--to", "html", result.ExecutedPath, "--output-dir", outDir);
        Assert.True(code == 0, output);
        var html = File.ReadAllText(Path.Combine(outDir, Path.GetFileNameWithoutExtension(name) + ".html"));
        Assert.Contains("jp-Notebook", html);
        if (result.Error is { } error)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(error.Message), html);
        }
    }
}

/// <summary>Runs the fixture notebooks once for the tests that read executed copies (site, browser, nbformat).</summary>
public sealed class ExecutedFixtures : IAsyncLifetime
{
    public static readonly string[] Notebooks = ["Passing/01-basics.ipynb", "Passing/02-charts.ipynb", "Passing/03-results.ipynb", "Failing/fail-fast.ipynb", "Failing/runtime-error.ipynb"];

    private readonly Dictionary<string, NotebookRunResult> _results = [];

    public string Directory { get; } = TestPaths.NewTempDir("executed");

    public IReadOnlyList<NotebookRunResult> Results => Notebooks.Select(n => _results[n]).ToList();

    public NotebookRunResult Result(string name) => _results[name];

    public async Task InitializeAsync()
    {
        foreach (var name in Notebooks)
        {
            _results[name] = await NotebookRunner.RunAsync(TestPaths.Fixture(name), new NotebookRunOptions
            {
                OutputPath = CourseSite.ExecutedPath(Path.Combine(Directory, "site"), name),
                CellTimeout = TimeSpan.FromMinutes(2),
            });
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
