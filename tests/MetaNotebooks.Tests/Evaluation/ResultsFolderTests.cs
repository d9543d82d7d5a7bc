using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

/// <summary>The repository's results/ folder: every file verified, and the README's tables exactly what they give.</summary>
public sealed class ResultsFolderTests
{
    private static string Folder => Path.Combine(TestData.RepositoryRoot, "results");

    [Fact]
    public void Every_results_file_reproduces_its_mean_and_interval_from_its_per_episode_counts()
    {
        var files = ResultFiles.Read(Folder);
        Assert.NotEmpty(files);
        foreach (var (path, record) in files)
        {
            Assert.True(record.Correct is not null, $"{path} has no per-episode counts");
            var again = record.Recompute()!;
            Assert.Equal(record.Episodes, again.Episodes);
            Assert.Equal(record.Accuracy, 100 * again.Mean);   // exactly: the same arithmetic as the evaluation
            Assert.Equal(record.Ci95, 100 * again.Ci95);
            Assert.False(string.IsNullOrEmpty(record.Command), $"{path} does not say which command produced it");
            Assert.False(string.IsNullOrEmpty(record.TestSet), $"{path} has no test-set fingerprint");
        }
    }

    [Fact]
    public void The_readme_tables_are_what_the_results_files_give()
    {
        var files = ResultFiles.Read(Folder);
        var readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "README.md"));
        Assert.Equal(Leaderboard.Markdown(files), Leaderboard.Generated(readme));
        Assert.Equal(Leaderboard.FileList(files), File.ReadAllText(Path.Combine(Folder, "README.md")));
        // No other result table in the README: every "±" in a table row sits inside the generated section.
        var outside = readme.Replace(Leaderboard.Generated(readme), "", StringComparison.Ordinal);
        Assert.DoesNotContain(outside.Split('\n'), line => line.StartsWith('|') && line.Contains('±'));
    }

    [Fact]
    public void Every_method_has_a_longer_run_in_its_5_way_1_shot_setting()
    {
        var records = ResultFiles.ReadRecords(Folder);
        foreach (var method in Algorithms.Learners.Known)
            Assert.True(records.Any(r => r.Method == method && r.Ways == 5 && r.Shots == 1 && Leaderboard.Kind(r) == "longer"),
                $"results/ has no longer run of {method} at 5-way 1-shot");
    }
}
