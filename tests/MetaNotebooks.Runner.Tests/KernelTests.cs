using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Kernel;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner.Tests;

/// <summary>
/// The .NET Interactive C# kernel as the course hosts it: state across cells, the kernel's formatters, and errors that
/// name the line in the cell (the course's displays in this kernel: the notebook side's KernelDisplayTests).
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class KernelTests
{
    [Fact]
    public async Task State_carries_across_cells_and_values_come_out_through_the_kernels_formatter()
    {
        using var kernel = await InProcessKernel.StartAsync();
        await kernel.RunAsync("var squares = Enumerable.Range(1, 4).Select(i => i * i).ToArray();");
        var (_, outputs, error) = await kernel.RunAsync("Console.WriteLine(\"hello\");\nsquares.Sum()");
        Assert.Null(error);
        Assert.Equal("stream", outputs[0]["output_type"]!.GetValue<string>());
        Assert.Equal("hello\n", CellOutput.ReadStream(outputs[0]));
        Assert.Equal("execute_result", outputs[1]["output_type"]!.GetValue<string>());
        // The kernel's own HTML formatter for a number, not a string of ours.
        Assert.Contains("<div class=\"dni-plaintext\"><pre>30</pre></div>", CellOutput.ReadData(outputs[1], MimeTypes.Html));
    }

    [Fact]
    public async Task Runtime_error_names_the_line_in_the_cell_even_after_kernel_directives()
    {
        using var kernel = await InProcessKernel.StartAsync();
        var (_, _, error) = await kernel.RunAsync("var a = 1;\n\nthrow new InvalidOperationException(\"third line\");");
        Assert.Equal(new CellError("InvalidOperationException", "third line", 3, error!.Details), error);
        // The kernel takes its own directive lines (#!csharp) out before compiling; the line still counts them.
        (_, _, error) = await kernel.RunAsync("#!csharp\nvar b = 2;\nint Fail() => throw new ArgumentException(\"in a local function\");\nFail();");
        Assert.Equal(("ArgumentException", 3), (error!.Name, error.Line));
        Assert.Equal(4, CellLines.ToCellLine("#!csharp\n#r \"nuget: X, 1.0\"\nvar c = 3;\nthrow null;", 2));
    }

    [Fact]
    public async Task Compile_error_names_its_code_and_line()
    {
        using var kernel = await InProcessKernel.StartAsync();
        var (_, _, error) = await kernel.RunAsync("var fine = 1;\nvar broken = notDeclared + 1;");
        Assert.Equal(("CompilationError", 2), (error!.Name, error.Line));
        Assert.StartsWith("CS0103: The name 'notDeclared' does not exist", error.Message);
    }
}
