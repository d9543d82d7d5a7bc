using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Kernel;
using MetaNotebooks.Interactive.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>The in-process kernel: what one cell sees and produces, as the Polyglot C# kernel would.</summary>
public sealed class ScriptKernelTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("kernel");
    private readonly ScriptKernel _kernel;

    public ScriptKernelTests() => _kernel = new ScriptKernel(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<CellResult> Run(string code, int cell = 1)
    {
        using var capture = new ConsoleCapture();
        var outputs = new CellOutputCollector();
        capture.RouteTo(outputs);
        try
        {
            return await _kernel.SubmitAsync(code, cell, outputs);
        }
        finally
        {
            capture.RouteTo(null);
        }
    }

    private static string Text(JsonObject output, string mime = MimeTypes.PlainText) => CellOutput.ReadData(output, mime) ?? "";

    [Fact]
    public async Task State_carries_across_cells()
    {
        Assert.True((await Run("var x = 20; int Twice(int v) => 2 * v; record Point(int X, int Y);", 1)).Succeeded);
        var result = await Run("new Point(Twice(x), 2).X + 2", 2);
        Assert.True(result.Succeeded, result.Error?.Message);
        var output = Assert.Single(result.Outputs);
        Assert.Equal("execute_result", output["output_type"]!.GetValue<string>());
        Assert.Equal(2, output["execution_count"]!.GetValue<int>());
        Assert.Equal("42", Text(output));
    }

    [Fact]
    public async Task Statement_ending_in_semicolon_has_no_result()
    {
        var result = await Run("var y = 1 + 1;");
        Assert.True(result.Succeeded);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public async Task Stdout_and_stderr_are_captured_in_order()
    {
        var result = await Run("Console.Write(\"a\"); Console.WriteLine(\"b\"); Console.Error.WriteLine(\"warn\"); Console.WriteLine(\"c\");");
        Assert.Equal(["stdout", "stderr", "stdout"], result.Outputs.Select(o => o["name"]!.GetValue<string>()));
        Assert.Equal("ab\n", string.Concat(result.Outputs[0]["text"]!.AsArray().Select(l => l!.GetValue<string>())));
        Assert.Equal("warn\n", string.Concat(result.Outputs[1]["text"]!.AsArray().Select(l => l!.GetValue<string>())));
    }

    [Fact]
    public async Task Display_and_extension_Display_render_through_the_Polyglot_formatter()
    {
        var result = await Run("display(\"hello\"); new[] { 1, 2, 3 }.Display(); var h = display(0); h.Update(7);");
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(3, result.Outputs.Count);
        Assert.All(result.Outputs, o => Assert.Equal("display_data", o["output_type"]!.GetValue<string>()));
        Assert.Equal("hello", Text(result.Outputs[0]));
        Assert.Contains("<pre>[ 1, 2, 3 ]</pre>", Text(result.Outputs[1], MimeTypes.Html));
        Assert.Equal("[ 1, 2, 3 ]", Text(result.Outputs[1]));
        Assert.Contains("7", Text(result.Outputs[2]));
    }

    [Fact]
    public async Task Records_render_as_a_results_table()
    {
        var result = await Run("""
            using MetaNotebooks.Interactive.Display;
            record Result(string Method, double Accuracy);
            Table.Show(new[] { new Result("ProtoNet", 0.98123), new Result("MAML", 0.96) }, "Accuracy");
            """);
        Assert.True(result.Succeeded, result.Error?.Message);
        var html = Text(Assert.Single(result.Outputs), MimeTypes.Html);
        Assert.Contains("<th>Method</th><th>Accuracy</th>", html);
        Assert.Contains("<td>ProtoNet</td><td>0.9812</td>", html);
        Assert.Contains("<caption>Accuracy</caption>", html);
    }

    [Fact]
    public async Task Compile_error_names_the_line()
    {
        var result = await Run("var a = 1;\nvar b = a +;\n", cell: 4);
        Assert.False(result.Succeeded);
        Assert.Equal("CompilationError", result.Error!.Name);
        Assert.Equal(2, result.Error.Line);
        Assert.Contains("CS1525", result.Error.Message);
        Assert.Equal("error", result.Outputs[^1]["output_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runtime_error_names_the_line_even_when_thrown_inside_a_method()
    {
        var result = await Run("int Fail(int v) =>\n  v > 2 ? throw new ArgumentException(\"too big\") : v;\nvar ok = Fail(1);\nvar bad = Fail(5);", cell: 3);
        Assert.False(result.Succeeded);
        Assert.Equal("ArgumentException", result.Error!.Name);
        Assert.Equal("too big", result.Error.Message);
        Assert.Equal(2, result.Error.Line);
    }

    [Fact]
    public async Task Await_works_at_top_level()
    {
        var result = await Run("await Task.Delay(10);\nawait Task.FromResult(5)");
        Assert.Equal("5", Text(Assert.Single(result.Outputs)));
    }

    [Fact]
    public async Task Hash_r_loads_a_dll_relative_to_the_notebook_and_its_dependencies_from_its_folder()
    {
        // Two assemblies: Greeter.dll references Words.dll; the cell #r's only Greeter.dll.
        var lib = Directory.CreateDirectory(Path.Combine(_dir, "lib")).FullName;
        var words = Compile("Words", "namespace Demo; public static class Words { public static string Hello => \"hello\"; }", lib);
        Compile("Greeter", "namespace Demo; public static class Greeter { public static string Greet(string n) => Words.Hello + \", \" + n; }", lib, words);
        var result = await Run("#r \"lib/Greeter.dll\"\nDemo.Greeter.Greet(\"world\") + \" / \" + Demo.Words.Hello");
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("hello, world / hello", Text(Assert.Single(result.Outputs)));
    }

    [Fact]
    public async Task Hash_r_nuget_restores_the_package()
    {
        // Markdig is already in the local NuGet cache (the Interactive library uses it), so no network is needed.
        var version = typeof(Markdig.Markdown).Assembly.GetName().Version!;
        var result = await Run($"#r \"nuget: Markdig, {version.Major}.{version.Minor}.{version.Build}\"\nMarkdig.Markdown.ToHtml(\"**hi**\").Trim()");
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("<p><strong>hi</strong></p>", Text(Assert.Single(result.Outputs)));
    }

    [Fact]
    public async Task Hash_r_nuget_of_an_unknown_package_reports_the_line()
    {
        var result = await Run("// first\n#r \"nuget: MetaNotebooks.Does.Not.Exist.Anywhere, 1.0.0\"");
        Assert.False(result.Succeeded);
        Assert.Equal("NuGetError", result.Error!.Name);
        Assert.Equal(2, result.Error.Line);
        Assert.Contains("MetaNotebooks.Does.Not.Exist.Anywhere", result.Error.Message);
    }

    [Fact]
    public async Task Hash_i_adds_a_package_source_that_hash_r_nuget_restores_from()
    {
        // A local folder feed holding one package made here (a .nupkg is a zip: nuspec + lib/<tfm>/dll).
        var feed = Directory.CreateDirectory(Path.Combine(_dir, "feed")).FullName;
        var build = Directory.CreateDirectory(Path.Combine(_dir, "build")).FullName;
        const string id = "MetaNotebooks.TestFeed.Greeting";
        var dll = Compile(id, "namespace TestFeed; public static class Greeting { public static string Text => \"from the local feed\"; }", build);
        using (var zip = System.IO.Compression.ZipFile.Open(Path.Combine(feed, $"{id}.1.0.0.nupkg"), System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var nuspec = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open()))
            {
                nuspec.Write($"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{id}</id><version>1.0.0</version><authors>test</authors><description>test</description></metadata></package>");
            }
            System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, dll, $"lib/netstandard2.0/{id}.dll");
        }
        var previous = NuGetResolver.CacheDirectory;
        NuGetResolver.CacheDirectory = Path.Combine(_dir, "nuget-cache");
        try
        {
            var result = await Run($"#i \"nuget: {feed}\"\n#r \"nuget: {id}, 1.0.0\"\nTestFeed.Greeting.Text");
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal("from the local feed", Text(Assert.Single(result.Outputs)));
        }
        finally
        {
            NuGetResolver.CacheDirectory = previous;
        }
    }

    private static string Compile(string name, string code, string dir, params string[] references)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "netstandard.dll" or "System.Private.CoreLib.dll");
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(code)],
            trusted.Concat(references).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(dir, name + ".dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }
}
