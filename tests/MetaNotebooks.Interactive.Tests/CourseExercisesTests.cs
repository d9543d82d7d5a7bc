using System.Text.RegularExpressions;
using MetaNotebooks.Runner;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// Every course notebook's exercises follow notebooks/README.md ("Exercises"): stubs numbered 1, 2, ..., each followed by its
/// check, placed after all of the notebook's own code, with one solution each in <c>notebooks/solutions/</c>, no solution
/// left in the notebook, and every "Think" answer folded away. That the stubs report "not attempted yet" and the solutions
/// pass is what running the notebooks both ways checks (<see cref="CourseNotebooksTests"/>).
/// </summary>
public sealed partial class CourseExercisesTests
{
    public static TheoryData<string> Notebooks() => new(CourseNotebooks());

    internal static IEnumerable<string> CourseNotebooks() =>
        (Directory.Exists(TestPaths.Notebooks) ? Directory.GetFiles(TestPaths.Notebooks, "*.ipynb") : []).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Exercises_are_stubs_with_checks_after_the_notebooks_own_code(string notebook)
    {
        var path = Path.Combine(TestPaths.Notebooks, notebook);
        var doc = NotebookDocument.Load(path);
        var code = doc.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        var numbers = code.Select(c => ExerciseCells.NumberOf(c.Source)).ToList();
        var first = numbers.FindIndex(n => n is not null);
        Assert.True(first >= 0, $"{notebook}: no exercise; a notebook ends with at least one (a cell whose first line is '{ExerciseCells.Marker} 1', then its check).");
        var stubs = numbers.OfType<int>().ToList();
        Assert.Equal(Enumerable.Range(1, stubs.Count), stubs);
        for (var i = first; i < code.Count; i++)
        {
            if (numbers[i] is { } n)
            {
                Assert.True(code[i].Source.Contains("your code here", StringComparison.OrdinalIgnoreCase),
                    $"{notebook}: exercise {n}'s stub should say where the learner's code goes ('your code here').");
                Assert.True(i + 1 < code.Count && code[i + 1].Source.Contains($"Exercise.Check({n},", StringComparison.Ordinal),
                    $"{notebook}: exercise {n}'s stub must be followed by its check cell, Exercise.Check({n}, ...).");
            }
            else
            {
                Assert.True(numbers[i - 1] is not null,
                    $"{notebook}: cell {code[i].Number} is code after the first exercise that is neither a stub nor its check; exercises come last.");
            }
        }
        Assert.All(code, c => Assert.DoesNotMatch(SolutionMarker(), c.Source));

        var solutions = ExerciseCells.ReadSolutions(ExerciseCells.SolutionsPath(path));
        Assert.Equal(stubs, solutions.Keys.Order());
        foreach (var (n, solution) in solutions)
        {
            Assert.NotEqual(code[numbers.IndexOf(n)].Source.Trim(), solution.Trim());
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Think_answers_are_folded_away(string notebook)
    {
        var doc = NotebookDocument.Load(Path.Combine(TestPaths.Notebooks, notebook));
        foreach (var cell in doc.Cells.Where(c => c.Kind == CellKind.Markdown))
        {
            var thinks = ThinkQuestion().Matches(cell.Source).Count;
            var folded = Regex.Matches(cell.Source, "<details>").Count;
            Assert.True(folded >= thinks,
                $"{notebook}: cell {cell.Number} has {thinks} 'Think' question(s) but {folded} folded answer(s); put each answer in <details><summary>Answer</summary>...</details>.");
        }
    }

    [Fact]
    public void Every_solutions_file_belongs_to_a_notebook()
    {
        var folder = Path.Combine(TestPaths.Notebooks, "solutions");
        var notebooks = CourseNotebooks().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
        {
            Assert.True(Path.GetExtension(file) == ".cs" && notebooks.Contains(Path.GetFileNameWithoutExtension(file)),
                $"{Path.GetFileName(file)} in notebooks/solutions/ names no notebook; it should be NN-name.cs of notebooks/NN-name.ipynb.");
        }
    }

    [GeneratedRegex(@"//\s*solution\b")]
    private static partial Regex SolutionMarker();

    [GeneratedRegex(@"\*\*Think\.?\*\*")]
    private static partial Regex ThinkQuestion();
}
