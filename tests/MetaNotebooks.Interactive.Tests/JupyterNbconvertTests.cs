using System.Diagnostics;
using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// The course in Jupyter, as a learner runs it: notebooks 00 and 01 executed by <c>jupyter nbconvert --execute</c> with
/// the <c>.net-csharp</c> kernel (the Microsoft.dotnet-interactive tool that scripts/setup.sh installs and registers),
/// with no error output in any cell.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class JupyterNbconvertTests
{
    public static TheoryData<string> Notebooks => new("00-welcome.ipynb", "01-episodes.ipynb");

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_executes_in_Jupyter_with_the_dotnet_csharp_kernel(string notebook)
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
                 "--output-dir", outDir, Path.Combine(TestPaths.Notebooks, notebook)]);
            Assert.True(code == 0, $"nbconvert failed on {notebook} (exit {code}):\n{output}");
            var executed = NotebookDocument.Load(Path.Combine(outDir, notebook));
            var errors = executed.Cells.Where(c => c.Kind == CellKind.Code)
                .SelectMany(c => c.Outputs.OfType<JsonObject>().Where(o => o["output_type"]?.GetValue<string>() == "error")
                    .Select(o => $"cell {c.Number}: {o["ename"]}: {o["evalue"]}"))
                .ToList();
            Assert.True(errors.Count == 0, $"{notebook} in Jupyter: {string.Join("; ", errors)}");
            var code1 = executed.Cells.Where(c => c.Kind == CellKind.Code).ToList();
            Assert.All(code1, c => Assert.NotNull(c.ExecutionCount));
            Assert.Contains("MetaNotebooks | profile: quick", code1[0].Outputs.ToJsonString());
            Console.WriteLine($"nbconvert {notebook}: {clock.Elapsed.TotalSeconds:0} s");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
