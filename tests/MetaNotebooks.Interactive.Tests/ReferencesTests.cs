using System.Text.RegularExpressions;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>Every course notebook ends with a reference list (notebooks/README.md, "References"), just before its links.</summary>
public sealed partial class ReferencesTests
{
    [Theory]
    [MemberData(nameof(CourseExercisesTests.Notebooks), MemberType = typeof(CourseExercisesTests))]
    public void Notebook_ends_with_references_each_with_a_year_and_a_link(string notebook)
    {
        var doc = NotebookDocument.Load(Path.Combine(TestPaths.Notebooks, notebook));
        Assert.True(doc.Cells.Count >= 2, $"{notebook}: too few cells");
        var references = doc.Cells[^2];
        Assert.True(references.Kind == CellKind.Markdown && references.Source.TrimStart().StartsWith("## References", StringComparison.Ordinal),
            $"{notebook}: the cell before the closing links should be the Markdown '## References' list.");
        var entries = references.Source.Replace("\r\n", "\n").Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.True(entries.Count > 0, $"{notebook}: the references list has no entries ('- Authors (year). *Title*. Venue. [link](https://...)').");
        foreach (var entry in entries)
        {
            Assert.True(Year().IsMatch(entry) && Link().IsMatch(entry), $"{notebook}: reference without a year or a link: {entry}");
        }
    }

    [GeneratedRegex(@"\b(19|20)\d\d\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"\]\(https?://[^)\s]+\)")]
    private static partial Regex Link();
}
