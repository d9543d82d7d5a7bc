using MetaNotebooks.Interactive.Checks;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner.Tests;

/// <summary>
/// The exercise mechanism end to end: a notebook's stubs (<c>//| exercise N</c>) run as written, with the solutions from
/// <c>solutions/NN-name.cs</c>, or both in turn, and each way the checks must say what they should.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class ExerciseRunTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("exercises");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Setup =
        $"#r \"{Path.Combine(TestPaths.RepoRoot, "artifacts", "bin", "MetaNotebooks.Interactive.dll")}\"\nusing MetaNotebooks.Interactive.Checks;";

    private const string Stub1 = "//| exercise 1\n// Double x. Your code here:\nint? doubled = Exercise.Todo<int?>();";
    private const string Check1 = "Exercise.Check(1, \"doubling\", () => Check.That(Exercise.Answer(doubled) == 2 * x, \"doubled is 2x\"));";
    private const string Stub2 = "//| exercise 2\nint Square(int v)\n{\n    // your code here\n    throw new NotImplementedException();\n}";
    private const string Check2 = "Exercise.Check(2, \"squares\", () => Check.That(Square(3) == 9, \"Square(3) is 9\"));";
    private const string Solutions = "// Solutions of the fixture.\n//| exercise 1\nint? doubled = 2 * x;\n\n//| exercise 2\nint Square(int v) => v * v;\n";

    private string Notebook(string solutions = Solutions, params string[] cells)
    {
        var path = Path.Combine(_dir, "99-fixture.ipynb");
        File.WriteAllText(path, NotebookFiles.Code(cells.Length > 0 ? cells : [Setup, "var x = 21;", Stub1, Check1, Stub2, Check2]));
        if (solutions.Length > 0)
        {
            Directory.CreateDirectory(Path.Combine(_dir, "solutions"));
            File.WriteAllText(Path.Combine(_dir, "solutions", "99-fixture.cs"), solutions);
        }
        return path;
    }

    private Task<NotebookRunResult> Run(string notebook, ExerciseMode mode) =>
        NotebookRunner.RunAsync(notebook, new NotebookRunOptions { Exercises = mode, OutputPath = Path.Combine(_dir, $"executed-{mode}.ipynb") });

    private static string Outputs(NotebookRunResult result, int codeCell) =>
        string.Concat(NotebookDocument.Load(result.ExecutedPath).Cells.Where(c => c.Kind == CellKind.Code).ElementAt(codeCell).Outputs
            .Select(o => CellOutput.ReadStream(o!.AsObject()) ?? ""));

    [Fact]
    public async Task Stubs_as_shipped_run_and_every_check_says_not_attempted_yet()
    {
        var result = await Run(Notebook(), ExerciseMode.Stubs);
        Assert.True(result.Passed, result.Error?.ToString());
        Assert.Contains("exercise 1 (doubling): not attempted yet", Outputs(result, 3));
        Assert.Contains("exercise 2 (squares): not attempted yet", Outputs(result, 5));
    }

    [Fact]
    public async Task Solutions_replace_the_stubs_and_every_check_passes()
    {
        var result = await Run(Notebook(), ExerciseMode.Solutions);
        Assert.True(result.Passed, result.Error?.ToString());
        Assert.Contains("exercise 1 (doubling): passed", Outputs(result, 3));
        Assert.Contains("exercise 2 (squares): passed", Outputs(result, 5));
        var stub = NotebookDocument.Load(result.ExecutedPath).Cells[2].Source;
        Assert.Equal("//| exercise 1\nint? doubled = 2 * x;\n", stub);
    }

    [Fact]
    public async Task Both_runs_the_stubs_then_the_solutions_and_shows_both_answers_of_each_check()
    {
        var result = await Run(Notebook(), ExerciseMode.Both);
        Assert.True(result.Passed, result.Error?.ToString());
        var check = Outputs(result, 3);
        Assert.True(check.IndexOf("not attempted yet", StringComparison.Ordinal) < check.IndexOf("): passed", StringComparison.Ordinal), check);
        Assert.Contains("exercise 2 (squares): not attempted yet", Outputs(result, 5));
        Assert.Contains("exercise 2 (squares): passed", Outputs(result, 5));
    }

    [Fact]
    public async Task A_wrong_solution_fails_its_check_cell_with_the_exercise_and_what_is_wrong()
    {
        var result = await Run(Notebook(Solutions.Replace("2 * x", "x + 1")), ExerciseMode.Both);
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(4, result.Error!.Cell);
        Assert.Contains("exercise 1 (doubling): check failed: doubled is 2x", result.Error.Message);
    }

    [Fact]
    public async Task A_stub_shipped_solved_fails_the_both_ways_run()
    {
        var notebook = Notebook(Solutions, Setup, "var x = 21;", "//| exercise 1\nint? doubled = 2 * x;", Check1);
        var result = await Run(notebook, ExerciseMode.Both);
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal("ExerciseError", result.Error!.Name);
        Assert.Contains("did not report \"not attempted yet\"", result.Error.Message);
    }

    [Fact]
    public async Task Missing_solutions_are_reported_before_the_kernel_starts_and_stubs_still_run()
    {
        var notebook = Notebook(solutions: "");
        var result = await Run(notebook, ExerciseMode.Solutions);
        Assert.Equal(("ExerciseError", 0), (result.Error!.Name, result.Error.Cell));
        Assert.Contains(Path.Combine("solutions", "99-fixture.cs") + " does not exist", result.Error.Message);
        Assert.True((await Run(notebook, ExerciseMode.Stubs)).Passed);

        var partial = Notebook("//| exercise 1\nint? doubled = 2 * x;\n");
        var missing = await Run(partial, ExerciseMode.Both);
        Assert.Contains("no solution for exercise 2", missing.Error!.Message);
    }

    [Fact]
    public async Task A_stub_without_a_check_cell_after_it_is_reported()
    {
        var notebook = Notebook(Solutions, Setup, "var x = 21;", Stub1);
        var result = await Run(notebook, ExerciseMode.Stubs);
        Assert.Equal("ExerciseError", result.Error!.Name);
        Assert.Contains("exercise 1's stub needs a check cell", result.Error.Message);
    }

    [Fact]
    public void The_runner_looks_for_the_lines_the_notebook_library_prints()
    {
        Assert.Contains(KernelHost.NotAttemptedMarker, Exercise.NotAttemptedLine(3, "task"));
        Assert.EndsWith(KernelHost.PassedMarker, Exercise.PassedLine(3, "task"));
    }
}
