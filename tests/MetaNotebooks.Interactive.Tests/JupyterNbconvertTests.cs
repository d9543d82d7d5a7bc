using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// The course in Jupyter, as a learner runs it: notebooks 00 and 01 executed by <c>jupyter nbconvert --execute</c> with
/// the <c>.net-csharp</c> kernel (the Microsoft.dotnet-interactive tool that scripts/setup.sh installs and registers),
/// with no error output in any cell; and the charts fixture, to show that Plotly.NET runs in that kernel.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class JupyterNbconvertTests
{
    public static TheoryData<string> Notebooks => new("00-welcome.ipynb", "01-episodes.ipynb");

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_executes_in_Jupyter_with_the_dotnet_csharp_kernel(string notebook)
    {
        var executed = Execute(TestPaths.Notebooks, notebook);
        var code = executed.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        Assert.All(code, c => Assert.NotNull(c.ExecutionCount));
        Assert.Contains("MetaNotebooks | profile: quick", code[0].Outputs.ToJsonString());
    }

    /// <summary>
    /// Plotly.NET in the kernel learners run: every chart kind the course draws (the charts fixture) shows through
    /// Plotly.NET.Interactive's formatter with the PNG and Plotly JSON beside it, on the kernel's FSharp.Core 10.0, which
    /// works only because <see cref="FSharpCoreBinding"/> answers Plotly.NET's request for 10.1. The day the kernel
    /// carries FSharp.Core 10.1 itself this test fails and says so: the binding (and the FSharp.Core notes in
    /// Directory.Packages.props) can then go.
    /// </summary>
    [Fact]
    public void Plotly_NET_charts_show_in_Jupyter_on_the_kernels_FSharp_Core_through_the_binding()
    {
        var executed = Execute(TestPaths.Passing, "02-charts.ipynb");
        var outputs = executed.Cells.Where(c => c.Kind == CellKind.Code).SelectMany(c => c.Outputs.OfType<JsonObject>()).ToList();
        var charts = outputs.Where(o => CellOutput.ReadData(o, MimeTypes.Plotly) is not null).ToList();
        Assert.Equal(6, charts.Count);
        Assert.All(charts, o =>
        {
            Assert.Contains("Plotly chart will be drawn inside this DIV", CellOutput.ReadData(o, MimeTypes.Html));
            Assert.StartsWith("iVBORw0KGgo", CellOutput.ReadData(o, MimeTypes.Png));
        });
        var line = outputs.Where(o => o["output_type"]?.GetValue<string>() == "stream").Select(CellOutput.ReadStream)
            .SelectMany(t => t!.Split('\n')).Single(l => l.Contains("FSharpCoreBinding answered", StringComparison.Ordinal));
        var match = Regex.Match(line, @"FSharp.Core (\d+)\.(\d+)\.\S*; FSharpCoreBinding answered (\d+)");
        Assert.True(match.Success, line);
        var kernelFSharpCore = new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
        Assert.True(kernelFSharpCore < new Version(10, 1),
            $"The Jupyter kernel now loads FSharp.Core {kernelFSharpCore}, which Plotly.NET 6 accepts as it is: FSharpCoreBinding " +
            "is no longer needed. Remove it (lib/MetaNotebooks.Interactive/Charts/FSharpCoreBinding.cs and its calls) and this test's binding checks.");
        Assert.True(int.Parse(match.Groups[3].Value) > 0, $"The charts drew on FSharp.Core {kernelFSharpCore} without the binding being asked: {line}");
    }

    private static NotebookDocument Execute(string directory, string notebook)
    {
        var kernelSpec = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter", "kernels", ".net-csharp", "kernel.json");
        Assert.True(File.Exists(kernelSpec), $"Jupyter's .net-csharp kernel is not installed ({kernelSpec} is missing): run bash scripts/setup.sh.");
        var outDir = TestPaths.NewTempDir("nbconvert");
        try
        {
            var tools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");
            var environment = new Dictionary<string, string>(CourseNotebooksTests.DataEnvironment())
            {
                ["PATH"] = $"{Environment.GetEnvironmentVariable("PATH")}{Path.PathSeparator}{tools}",
                ["METANB_PROFILE"] = "quick",
            };
            var clock = Stopwatch.StartNew();
            var (code, output) = ProcessRunner.Run("/usr/bin/jupyter-nbconvert", TimeSpan.FromMinutes(15), environment,
                ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=900",
                 "--output-dir", outDir, Path.Combine(directory, notebook)]);
            Assert.True(code == 0, $"nbconvert failed on {notebook} (exit {code}):\n{output}");
            var executed = NotebookDocument.Load(Path.Combine(outDir, notebook));
            var errors = executed.Cells.Where(c => c.Kind == CellKind.Code)
                .SelectMany(c => c.Outputs.OfType<JsonObject>().Where(o => o["output_type"]?.GetValue<string>() == "error")
                    .Select(o => $"cell {c.Number}: {o["ename"]}: {o["evalue"]}"))
                .ToList();
            Assert.True(errors.Count == 0, $"{notebook} in Jupyter: {string.Join("; ", errors)}");
            Console.WriteLine($"nbconvert {notebook}: {clock.Elapsed.TotalSeconds:0} s");
            return executed;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
