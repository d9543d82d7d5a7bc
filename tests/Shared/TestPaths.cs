namespace MetaNotebooks.Tests.Shared;

/// <summary>
/// Where the repository, its notebooks and the fixture notebooks (<c>tests/Shared/Fixtures</c>: notebooks that pass, fail or are
/// invalid on purpose, run by the runner's, the notebook side's and the CLI's tests) are.
/// </summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Notebooks => Path.Combine(RepoRoot, "notebooks");

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "Shared", "Fixtures");

    public static string Passing => Path.Combine(Fixtures, "Passing");

    public static string Failing => Path.Combine(Fixtures, "Failing");

    public static string Invalid => Path.Combine(Fixtures, "Invalid");

    public static string Fixture(string relative) => Path.Combine(Fixtures, relative);

    /// <summary>A fresh temp folder under the system temp dir, deleted by the caller.</summary>
    public static string NewTempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"metanb-test-{prefix}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MetaNotebooks.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MetaNotebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
