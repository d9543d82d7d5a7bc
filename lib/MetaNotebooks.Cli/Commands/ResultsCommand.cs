using System.CommandLine;
using System.Text;
using MetaNotebooks.Evaluation;
using Spectre.Console;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb results</c>: regenerates the README's result tables (between <see cref="Leaderboard.BeginMarker"/> and
/// <see cref="Leaderboard.EndMarker"/>) and results/README.md from the results files, so that every number in them is
/// one a command measured; <c>--check</c> only says whether they are current.
/// </summary>
public static class ResultsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var folder = new Option<string>("--folder") { Description = "The results folder.", DefaultValueFactory = _ => "results" };
        var readme = new Option<string>("--readme") { Description = "The README whose generated section is rewritten.", DefaultValueFactory = _ => "README.md" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the README or results/README.md is not what the results files give." };
        var command = new Command("results", "Regenerate the README's result tables and results/README.md from the results files.") { folder, readme, check };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(readme)!, parse.GetValue(check)));
        return command;
    }

    private static int Run(string folder, string readme, bool check)
    {
        try
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No results folder {Path.GetFullPath(folder)}: run from the repository root, or give --folder.");
            var files = ResultFiles.Read(folder);
            var readmeText = File.ReadAllText(readme);
            var newReadme = Leaderboard.Replace(readmeText, Leaderboard.Markdown(files));
            var listPath = Path.Combine(folder, "README.md");
            var list = Leaderboard.FileList(files);
            var stale = new List<string>();
            if (newReadme != readmeText) stale.Add(readme);
            if (!File.Exists(listPath) || File.ReadAllText(listPath) != list) stale.Add(listPath);
            if (check)
            {
                if (stale.Count == 0) { AnsiConsole.MarkupLineInterpolated($"Current: {files.Count} results files."); return 0; }
                AnsiConsole.MarkupLineInterpolated($"[red]Not current: {string.Join(", ", stale)}. Run metanb results.[/]");
                return 1;
            }
            File.WriteAllText(readme, newReadme, new UTF8Encoding(false));
            File.WriteAllText(listPath, list, new UTF8Encoding(false));
            AnsiConsole.MarkupLineInterpolated($"{files.Count} results files; wrote {readme} (its generated section) and {listPath}.");
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }
}
