using System.CommandLine;
using System.Diagnostics;
using MetaNotebooks.Cli.Commands;

namespace MetaNotebooks.Cli.Tests;

/// <summary><c>metanb run</c>: runs notebooks, writes the site, and exits non-zero when one fails.</summary>
public sealed class MetanbRunTests : IDisposable
{
    private static readonly string Repo = CoursePaths.RepoRoot(AppContext.BaseDirectory)!;
    private static readonly string Fixtures = Path.Combine(Repo, "tests", "Shared", "Fixtures");
    private readonly string _site = Path.Combine(Path.GetTempPath(), $"metanb-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_site))
        {
            Directory.Delete(_site, recursive: true);
        }
    }

    private static Task<int> Metanb(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create());
        return root.Parse(args).InvokeAsync();
    }

    [Fact]
    public async Task Run_writes_executed_notebooks_pages_and_index_and_exits_zero()
    {
        var code = await Metanb("run", Path.Combine(Fixtures, "Passing", "01-basics.ipynb"), "-o", _site, "--profile", "full");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(_site, "notebooks", "01-basics.ipynb")));
        Assert.True(File.Exists(Path.Combine(_site, "01-basics.html")));
        Assert.True(File.Exists(Path.Combine(_site, "assets", "plotly.min.js")));
        var index = File.ReadAllText(Path.Combine(_site, "index.html"));
        Assert.Contains("1 of 1 notebooks passed (profile <b>full</b>)", index);
        Assert.Contains("sum of squares: <b>55</b>", index);
        // The profile reached the notebook (its setup line prints it).
        Assert.Contains("profile: full", File.ReadAllText(Path.Combine(_site, "notebooks", "01-basics.ipynb")));
    }

    [Fact]
    public async Task Run_exits_non_zero_when_a_notebook_fails_and_still_writes_the_site()
    {
        var code = await Metanb("run", Path.Combine(Fixtures, "Failing", "compile-error.ipynb"), "-o", _site);
        Assert.Equal(1, code);
        var index = File.ReadAllText(Path.Combine(_site, "index.html"));
        Assert.Contains("0 of 1 notebooks passed", index);
        Assert.Contains("compile-error.ipynb: cell 4, line 2: CompilationError", index);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_site, "results.json")))!;
        Assert.Equal(0, json["passed"]!.GetValue<int>());
        var entry = json["notebooks"]![0]!;
        Assert.Equal(("failed", 4, 2), (entry["status"]!.GetValue<string>(), entry["error"]!["cell"]!.GetValue<int>(), entry["error"]!["line"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Bad_notebooks_each_fail_in_one_line_while_the_rest_of_the_course_runs()
    {
        var stderr = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        int code;
        try
        {
            code = await Metanb("run", Path.Combine(Fixtures, "Invalid", "malformed.ipynb"), Path.Combine(Fixtures, "Failing", "fail-fast.ipynb"),
                Path.Combine(Fixtures, "Passing", "01-basics.ipynb"), Path.Combine(Fixtures, "Invalid", "unknown-language.ipynb"), "-o", _site);
        }
        finally
        {
            Console.SetError(stderr);
        }
        Assert.Equal(1, code);
        var reports = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("metanb: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reports.Count);
        Assert.StartsWith("metanb: malformed.ipynb: InvalidNotebook: not valid JSON", reports[0]);
        Assert.StartsWith("metanb: fail-fast.ipynb: cell 3: KernelDied: the kernel died in cell 3 (exit code ", reports[1]);
        Assert.StartsWith("metanb: unknown-language.ipynb: cell 3: UnknownLanguage: the cell is in 'python'", reports[2]);
        // The good notebook ran in full, and the bad ones left nothing half-written.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_site, "results.json")))!;
        Assert.Equal(["passed", "failed", "failed", "failed"], json["notebooks"]!.AsArray().Select(n => n!["status"]!.GetValue<string>()));
        Assert.False(File.Exists(Path.Combine(_site, "notebooks", "malformed.ipynb")));
        Assert.False(File.Exists(Path.Combine(_site, "notebooks", "unknown-language.ipynb")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_site, "notebooks"), "*.tmp"));
        Assert.True(File.Exists(Path.Combine(_site, "malformed.html")));
    }

    [Fact]
    public async Task Unknown_profile_and_unknown_notebook_are_rejected()
    {
        Assert.NotEqual(0, await Metanb("run", "-o", _site, "--profile", "huge"));
        Assert.Equal(2, await Metanb("run", "no-such-notebook-xyz", "-o", _site));
        Assert.False(File.Exists(Path.Combine(_site, "index.html")));
    }

    [Fact]
    public void Notebook_arguments_resolve_files_folders_and_names()
    {
        var repo = Path.Combine(Path.GetTempPath(), $"metanb-repo-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(repo, "notebooks"));
            File.WriteAllText(Path.Combine(repo, "MetaNotebooks.sln"), "");
            foreach (var name in new[] { "02-maml.ipynb", "01-welcome.ipynb", "03-reptile.ipynb" })
            {
                File.WriteAllText(Path.Combine(repo, "notebooks", name), "{}");
            }
            Assert.Equal(repo, CoursePaths.RepoRoot(Path.Combine(repo, "notebooks")));
            Assert.Equal(["01-welcome.ipynb", "02-maml.ipynb", "03-reptile.ipynb"], CoursePaths.Resolve([], repo).Select(Path.GetFileName));
            Assert.Equal(["02-maml.ipynb"], CoursePaths.Resolve(["02"], repo).Select(Path.GetFileName));
            Assert.Equal(["03-reptile.ipynb", "01-welcome.ipynb"], CoursePaths.Resolve(["03-rep", Path.Combine(repo, "notebooks", "01-welcome.ipynb")], repo).Select(Path.GetFileName));
            Assert.Equal(3, CoursePaths.Resolve([Path.Combine(repo, "notebooks")], repo).Count);
            Assert.Throws<FileNotFoundException>(() => CoursePaths.Resolve(["99"], repo));
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    [Fact]
    public void Built_metanb_prints_help_listing_run()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "metanb.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--help");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("run", output);
    }
}
