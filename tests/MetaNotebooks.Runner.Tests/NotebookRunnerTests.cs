using System.Diagnostics;
using MetaNotebooks.Runner.Kernel;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner;

namespace MetaNotebooks.Runner.Tests;

/// <summary>The runner end to end: a kernel process per notebook, errors named by cell and line, time limits.</summary>
[Collection(NotebookProcesses.Name)]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("runner");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<NotebookRunResult> Run(string fixture, NotebookRunOptions? options = null) =>
        NotebookRunner.RunAsync(TestPaths.Fixture(fixture), (options ?? new NotebookRunOptions()) with
        {
            OutputPath = Path.Combine(_dir, Path.GetFileName(fixture)),
        });

    [Fact]
    public async Task Passing_notebook_runs_every_cell_and_saves_outputs_and_counts()
    {
        var result = await Run("Passing/01-basics.ipynb");
        Assert.True(result.Passed, result.Error?.ToString());
        var executed = NotebookDocument.Load(result.ExecutedPath);
        var code = executed.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        Assert.Equal(Enumerable.Range(1, code.Count).Select(i => (int?)i), code.Select(c => c.ExecutionCount));
        Assert.Contains("sum = 55", code[1].Outputs.ToJsonString());
        Assert.Contains("\"stderr\"", code[1].Outputs.ToJsonString());
        Assert.Contains("trailing expression: 25", code[^1].Outputs.ToJsonString());
        // Markdown cells pass through unchanged.
        var source = NotebookDocument.Load(TestPaths.Fixture("Passing/01-basics.ipynb"));
        Assert.Equal(source.Cells.Where(c => c.Kind == CellKind.Markdown).Select(c => c.Source),
            executed.Cells.Where(c => c.Kind == CellKind.Markdown).Select(c => c.Source));
    }

    [Fact]
    public async Task Runtime_error_reports_notebook_cell_and_line_and_stops()
    {
        var result = await Run("Failing/runtime-error.ipynb");
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(new NotebookError("runtime-error.ipynb", 3, 3, "InvalidOperationException", "deliberate failure after 3"), result.Error);
        Assert.Equal("runtime-error.ipynb: cell 3, line 3: InvalidOperationException: deliberate failure after 3", result.Error!.ToString());
        var executed = NotebookDocument.Load(result.ExecutedPath);
        Assert.Equal("error", executed.Cells[2].Outputs[^1]!["output_type"]!.GetValue<string>());
        Assert.Null(executed.Cells[3].ExecutionCount); // the cell after the error never ran
        Assert.Empty(executed.Cells[3].Outputs);
    }

    [Fact]
    public async Task Compile_error_reports_notebook_cell_and_line()
    {
        var result = await Run("Failing/compile-error.ipynb");
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(4, result.Error!.Cell);
        Assert.Equal(2, result.Error.Line);
        Assert.Equal("CompilationError", result.Error.Name);
        Assert.Contains("notDeclared", result.Error.Message);
    }

    [Fact]
    public async Task Ten_minute_busy_loop_is_stopped_by_the_cell_time_limit()
    {
        var clock = Stopwatch.StartNew();
        var result = await Run("Failing/runaway.ipynb", new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(8) });
        clock.Stop();
        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        Assert.Equal(3, result.Error!.Cell);
        Assert.Equal("TimeoutError", result.Error.Name);
        Assert.Contains("time limit of 8 s", result.Error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        var executed = NotebookDocument.Load(result.ExecutedPath);
        Assert.Contains("TimeoutError", executed.Cells[2].Outputs.ToJsonString());
        Assert.Contains("starting", executed.Cells[1].Outputs.ToJsonString());
        Assert.Empty(executed.Cells[3].Outputs);
    }

    [Fact]
    public async Task Notebook_time_limit_kills_the_kernel_process()
    {
        // The cell limit is long; the notebook limit ends the run by killing the kernel process tree.
        var clock = Stopwatch.StartNew();
        var result = await Run("Failing/runaway.ipynb", new NotebookRunOptions
        {
            CellTimeout = TimeSpan.FromMinutes(10),
            NotebookTimeout = TimeSpan.FromSeconds(20),
        });
        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        Assert.Equal(3, result.Error!.Cell);
        Assert.Contains("notebook did not finish within its time limit of 20 s", result.Error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Contains("TimeoutError", NotebookDocument.Load(result.ExecutedPath).Cells[2].Outputs.ToJsonString());
    }

    [Fact]
    public async Task Profile_reaches_the_notebook_as_METANB_PROFILE()
    {
        var notebook = Path.Combine(_dir, "profile.ipynb");
        File.WriteAllText(notebook, """
            {"cells":[{"cell_type":"code","execution_count":null,"id":"a","metadata":{"dotnet_interactive":{"language":"csharp"}},"outputs":[],
              "source":["Environment.GetEnvironmentVariable(\"METANB_PROFILE\")"]}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}},"nbformat":4,"nbformat_minor":5}
            """);
        var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { Profile = "full", OutputPath = Path.Combine(_dir, "out.ipynb") });
        Assert.True(result.Passed, result.Error?.ToString());
        var output = NotebookDocument.Load(result.ExecutedPath).Cells[0].Outputs[0]!.AsObject();
        Assert.Equal("full", CellOutput.ReadData(output, MimeTypes.PlainText));
    }

    [Fact]
    public async Task Kernel_crash_is_reported_with_the_cell_that_was_running()
    {
        // A stack overflow cannot be caught in .NET: the kernel process dies, and the runner says where.
        var notebook = WriteNotebook("crash.ipynb", "var ok = 1;", "int Down(int n) => Down(n + 1) + 1;\nDown(0);", "ok");
        var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { OutputPath = Path.Combine(_dir, "crash.out.ipynb") });
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal((2, "KernelDied"), (result.Error!.Cell, result.Error.Name));
        Assert.StartsWith("the kernel died in cell 2 (exit code ", result.Error.Message);
        Assert.Contains("Stack overflow", result.Error.Message);
        Assert.Contains("KernelDied", NotebookDocument.Load(result.ExecutedPath).Cells[1].Outputs.ToJsonString());
    }

    [Fact]
    public async Task FailFast_is_reported_as_the_kernel_dying_in_its_cell_with_the_native_message()
    {
        var result = await Run("Failing/fail-fast.ipynb");
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal((3, null, "KernelDied"), (result.Error!.Cell, result.Error.Line, result.Error.Name));
        Assert.Matches(@"^the kernel died in cell 3 \(exit code \d+\): .*deliberate crash in the fixture", result.Error.Message);
        Assert.DoesNotContain("\n", result.Error.ToString());
        // The executed copy is complete, valid JSON: the cells before the crash with their outputs, the crash recorded.
        var executed = NotebookDocument.Load(result.ExecutedPath);
        Assert.Contains("MetaNotebooks | profile", executed.Cells[1].Outputs.ToJsonString());
        Assert.Contains("the kernel died in cell 3", executed.Cells[2].Outputs.ToJsonString());
        Assert.Empty(executed.Cells[3].Outputs);
    }

    [Fact]
    public async Task Native_abort_in_TorchSharp_is_reported_as_the_kernel_dying_in_its_cell_with_libtorchs_message()
    {
        // TorchSharp 0.107's matmul on mismatched shapes aborts in native code (no .NET exception to catch).
        var result = await Run("Failing/native-abort.ipynb");
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal((3, "KernelDied"), (result.Error!.Cell, result.Error.Name));
        Assert.StartsWith("the kernel died in cell 3 (exit code ", result.Error.Message);
        Assert.Contains("shapes cannot be multiplied (2x3 and 4x5)", result.Error.Message);
        Assert.DoesNotContain("frame #", result.Error.Message);
        Assert.Contains("the kernel died in cell 3", NotebookDocument.Load(result.ExecutedPath).Cells[2].Outputs.ToJsonString());
    }

    [Fact]
    public async Task Malformed_json_is_reported_in_one_line_and_writes_no_executed_copy()
    {
        var result = await Run("Invalid/malformed.ipynb");
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal((0, "InvalidNotebook"), (result.Error!.Cell, result.Error.Name));
        Assert.StartsWith("malformed.ipynb: InvalidNotebook: not valid JSON: ", result.Error.ToString());
        Assert.Contains("LineNumber: 4", result.Error.Message);
        Assert.False(File.Exists(result.ExecutedPath));
    }

    [Fact]
    public async Task Cell_in_an_unknown_language_is_reported_before_any_cell_runs()
    {
        var result = await Run("Invalid/unknown-language.ipynb");
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal("unknown-language.ipynb: cell 3: UnknownLanguage: the cell is in 'python'; the course's kernel runs C# cells only (cell metadata \"kernelName\": \"csharp\")",
            result.Error!.ToString());
        Assert.False(File.Exists(result.ExecutedPath));
    }

    [Fact]
    public async Task Reading_the_console_gets_end_of_input_instead_of_hanging()
    {
        var notebook = WriteNotebook("stdin.ipynb", "Console.ReadLine() is null");
        var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { OutputPath = Path.Combine(_dir, "stdin.out.ipynb"), CellTimeout = TimeSpan.FromSeconds(20) });
        Assert.True(result.Passed, result.Error?.ToString());
        // The kernel's formatter shows a bool as HTML.
        Assert.Contains("<pre>True</pre>", CellOutput.ReadData(NotebookDocument.Load(result.ExecutedPath).Cells[0].Outputs[0]!.AsObject(), MimeTypes.Html));
    }

    [Fact]
    public async Task Slow_cell_is_skipped_in_quick_and_run_in_full()
    {
        var notebook = WriteNotebook("slow.ipynb", "var n = 1;", "//| slow\nthrow new Exception(\"ran the slow cell\");", "n + 1");
        var quick = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { Profile = "quick", OutputPath = Path.Combine(_dir, "slow.quick.ipynb") });
        Assert.True(quick.Passed, quick.Error?.ToString());
        var executed = NotebookDocument.Load(quick.ExecutedPath);
        Assert.Contains("Skipped in the quick profile", executed.Cells[1].Outputs.ToJsonString());
        Assert.Contains("<pre>2</pre>", CellOutput.ReadData(executed.Cells[2].Outputs[0]!.AsObject(), MimeTypes.Html));

        var full = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { Profile = "full", OutputPath = Path.Combine(_dir, "slow.full.ipynb") });
        Assert.Equal(NotebookStatus.Failed, full.Status);
        Assert.Equal((2, 2, "ran the slow cell"), (full.Error!.Cell, full.Error.Line, full.Error.Message));
    }

    private string WriteNotebook(string name, params string[] cells)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, NotebookFiles.Code(cells));
        return path;
    }

    [Fact]
    public async Task Cell_error_reads_back_from_the_executed_copy()
    {
        var result = await Run("Failing/compile-error.ipynb");
        var output = NotebookDocument.Load(result.ExecutedPath).Cells[3].Outputs[^1]!.AsObject();
        var error = CellError.FromOutput(output);
        Assert.Equal(("CompilationError", 2), (error.Name, error.Line));
    }
}
