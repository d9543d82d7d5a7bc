using System.Text.RegularExpressions;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner;

/// <summary>
/// A notebook's exercises: each is a stub cell whose first line is <c>//| exercise N</c>, checked by the next code cell
/// (<c>Exercise.Check(N, ...)</c> of MetaNotebooks.Interactive). The reference solutions sit in
/// <c>solutions/NN-name.cs</c> beside the notebook, one section per exercise, each section starting with the same
/// marker line; a section replaces its stub's code when a run asks for the solutions.
/// </summary>
public static partial class ExerciseCells
{
    /// <summary>The marker's words; the whole line is <c>//| exercise N</c>.</summary>
    public const string Marker = "//| exercise";

    /// <summary>The exercise number a cell's first line marks, or null when the cell is not a stub.</summary>
    public static int? NumberOf(string source) => MarkerLine().Match(FirstLine(source)) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    /// <summary>Where the solutions of <paramref name="notebookPath"/> live: <c>solutions/NN-name.cs</c> beside it.</summary>
    public static string SolutionsPath(string notebookPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!, "solutions", Path.GetFileNameWithoutExtension(notebookPath) + ".cs");

    /// <summary>
    /// The solution of each exercise in the solutions file (the marker line and the code after it, up to the next marker);
    /// text before the first marker is the file's header and is left out.
    /// </summary>
    public static IReadOnlyDictionary<int, string> ReadSolutions(string solutionsPath)
    {
        var sections = new Dictionary<int, List<string>>();
        List<string>? current = null;
        foreach (var line in File.ReadAllText(solutionsPath).Replace("\r\n", "\n").Split('\n'))
        {
            if (MarkerLine().Match(line) is { Success: true } m)
            {
                var number = int.Parse(m.Groups[1].Value);
                if (sections.ContainsKey(number))
                    throw new InvalidDataException($"{solutionsPath}: exercise {number} has two solutions; keep one section per exercise.");
                sections[number] = current = [line.Trim()];
            }
            else
            {
                current?.Add(line);
            }
        }
        return sections.ToDictionary(s => s.Key, s => string.Join("\n", s.Value).TrimEnd() + "\n");
    }

    /// <summary>
    /// What stops a run in <paramref name="mode"/> before it starts, or null: a stub with no check cell after it, two stubs
    /// of one number, and, when the solutions are asked for, a missing solutions file or a stub without a solution.
    /// </summary>
    public static string? Problem(NotebookDocument notebook, string notebookPath, ExerciseMode mode)
    {
        var code = notebook.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        var stubs = code.Select((cell, i) => (cell, i, number: NumberOf(cell.Source))).Where(s => s.number is not null).ToList();
        foreach (var (cell, i, number) in stubs)
        {
            if (i + 1 >= code.Count || NumberOf(code[i + 1].Source) is not null)
                return $"cell {cell.Number}: exercise {number}'s stub needs a check cell (Exercise.Check({number}, ...)) right after it.";
        }
        if (stubs.GroupBy(s => s.number).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"exercise {twice.Key} is marked in two cells; number the exercises 1, 2, 3, ...";
        if (mode == ExerciseMode.Stubs || stubs.Count == 0) return null;
        var path = SolutionsPath(notebookPath);
        if (!File.Exists(path))
            return $"the run asks for the exercises' solutions, but {path} does not exist; write one section per exercise there, each starting with its '{Marker} N' line.";
        IReadOnlyDictionary<int, string> solutions;
        try
        {
            solutions = ReadSolutions(path);
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
        var missing = stubs.Where(s => !solutions.ContainsKey(s.number!.Value)).Select(s => s.number).ToList();
        return missing.Count == 0 ? null
            : $"{path} has no solution for exercise {string.Join(", ", missing)}; add a section starting with '{Marker} {missing[0]}'.";
    }

    private static string FirstLine(string source) => source.Replace("\r\n", "\n").Split('\n')[0].Trim();

    [GeneratedRegex(@"^\s*//\|\s*exercise\s+(\d+)\s*$")]
    private static partial Regex MarkerLine();
}
