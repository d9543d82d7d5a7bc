using System.Text.RegularExpressions;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Interactive.Display;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// The notebook conventions (notebooks/README.md): committed without outputs (nbdev style), Polyglot C#
/// metadata, course notebooks named <c>NN-short-name.ipynb</c> and opening with the shared setup cell.
/// </summary>
public sealed partial class CommittedNotebooksTests
{
    public static TheoryData<string> Committed()
    {
        var course = Directory.Exists(TestPaths.Notebooks) ? Directory.GetFiles(TestPaths.Notebooks, "*.ipynb") : [];
        // Fixtures/Invalid holds notebooks that are broken on purpose (malformed JSON, a Python cell) for the runner's tests.
        var fixtures = Directory.GetFiles(TestPaths.Fixtures, "*.ipynb", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(TestPaths.Invalid + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return new TheoryData<string>(course.Concat(fixtures).Order(StringComparer.Ordinal).Select(p => Path.GetRelativePath(TestPaths.RepoRoot, p)));
    }

    private static IEnumerable<string> Course() => (Directory.Exists(TestPaths.Notebooks) ? Directory.GetFiles(TestPaths.Notebooks, "*.ipynb") : [])
        .Order(StringComparer.Ordinal).Select(p => Path.GetRelativePath(TestPaths.RepoRoot, p));

    [Theory]
    [MemberData(nameof(Committed))]
    public void Committed_notebook_has_no_outputs_and_Polyglot_metadata(string notebook)
    {
        var doc = NotebookDocument.Load(Path.Combine(TestPaths.RepoRoot, notebook));
        var withOutputs = doc.Cells.Where(c => c.HasOutputs).Select(c => c.Number).ToList();
        Assert.True(withOutputs.Count == 0,
            $"{notebook}: cells {string.Join(", ", withOutputs)} have outputs or execution counts. Clear all outputs before committing (VS Code: 'Clear All Outputs').");
        Assert.Equal(".net-csharp", doc.KernelName);
        Assert.All(doc.Cells.Where(c => c.Kind == CellKind.Code), c => Assert.Equal("csharp", c.Language));
    }

    [Fact]
    public void Every_course_notebook_follows_the_conventions()
    {
        // Runs over notebooks/ (empty until the course is written): names and the shared setup cell.
        foreach (var notebook in Course())
        {
            Assert.Matches(CourseName(), Path.GetFileName(notebook));
            var doc = NotebookDocument.Load(Path.Combine(TestPaths.RepoRoot, notebook));
            var setup = doc.Cells.First(c => c.Kind == CellKind.Code).Source.Replace("\r\n", "\n").TrimEnd();
            Assert.Equal(NotebookConventions.SetupCell, setup);
        }
        Assert.Matches(CourseName(), "03-maml.ipynb");
        Assert.DoesNotMatch(CourseName(), "maml.ipynb");
        Assert.DoesNotMatch(CourseName(), "3-MAML.ipynb");
    }

    [Fact]
    public void Every_course_notebook_ends_with_links_to_the_previous_and_next_one()
    {
        var course = Course().Select(Path.GetFileName).OfType<string>().ToList();
        for (var i = 0; i < course.Count; i++)
        {
            var doc = NotebookDocument.Load(Path.Combine(TestPaths.Notebooks, course[i]));
            var last = doc.Cells[^1];
            Assert.True(last.Kind == CellKind.Markdown, $"{course[i]}: the last cell should be the Markdown links to the previous and next notebook");
            if (i > 0) Assert.Contains($"]({course[i - 1]})", last.Source);
            if (i + 1 < course.Count) Assert.Contains($"]({course[i + 1]})", last.Source);
        }
    }

    [Fact]
    public void The_course_map_in_notebook_00_links_every_notebook()
    {
        var course = Course().Select(Path.GetFileName).OfType<string>().ToList();
        var welcome = NotebookDocument.Load(Path.Combine(TestPaths.Notebooks, course[0]));
        var map = welcome.Cells.First(c => c.Kind == CellKind.Markdown && c.Source.Contains("The course map", StringComparison.Ordinal)).Source;
        foreach (var notebook in course) Assert.Contains($"]({notebook})", map);
        Assert.DoesNotContain("exist so far", map);
    }

    [Fact]
    public void The_repository_readme_opens_with_the_two_commands_and_maps_every_notebook()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")).Replace("\r\n", "\n");
        var firstScreen = string.Join("\n", readme.Split('\n').Take(30));
        Assert.Contains("bash scripts/course.sh", firstScreen);
        Assert.Contains("bash scripts/test.sh", firstScreen);
        var map = readme[readme.IndexOf("## The course\n", StringComparison.Ordinal)..];
        foreach (var notebook in Course().Select(Path.GetFileName)) Assert.Contains($"](notebooks/{notebook})", map);
    }

    [Fact]
    public void Setup_cell_in_the_readme_is_the_one_the_test_checks()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.Notebooks, "README.md"));
        Assert.Contains(NotebookConventions.SetupCell, readme.Replace("\r\n", "\n"));
    }

    [GeneratedRegex(@"^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")]
    private static partial Regex CourseName();
}

/// <summary>The shared first code cell of every course notebook (notebooks/README.md).</summary>
internal static class NotebookConventions
{
    public const string SetupCell = "#r \"../artifacts/bin/MetaNotebooks.Interactive.dll\"\nMetaNotebooks.Interactive.Course.Setup()";
}
