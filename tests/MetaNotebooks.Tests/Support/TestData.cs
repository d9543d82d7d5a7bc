using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

/// <summary>Where the tests find the full Omniglot zips, and temporary folders.</summary>
public static class TestData
{
    public const string OmniglotVariable = "METANB_OMNIGLOT_DIR";

    public static string RepositoryRoot =>
        DataFolder.RepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No MetaNotebooks.sln above {AppContext.BaseDirectory}: run the tests from the repository.");

    /// <summary>
    /// The folder with images_background.zip and images_evaluation.zip: METANB_OMNIGLOT_DIR, else ../shared/data/omniglot
    /// next to the repository. Fails (never skips) when the zips are not there.
    /// </summary>
    public static string OmniglotFolder()
    {
        var env = Environment.GetEnvironmentVariable(OmniglotVariable);
        var fallback = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "omniglot"));
        var folder = string.IsNullOrWhiteSpace(env) ? fallback : Path.GetFullPath(env);
        var missing = new[] { OmniglotFiles.BackgroundZip, OmniglotFiles.EvaluationZip }.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            Assert.Fail($"The tests need the full Omniglot zips, but {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not in {folder}. " +
                        $"Put images_background.zip and images_evaluation.zip (from {OmniglotFiles.BaseUrl}) in {fallback}, " +
                        $"or set {OmniglotVariable} to a folder that holds them. The tests never download.");
        return folder;
    }

    /// <summary>A new empty folder under the system temp folder; delete it with <see cref="TempFolder.Dispose"/>.</summary>
    public static TempFolder NewTempFolder(string purpose) => new(purpose);
}

/// <summary>A temporary folder removed on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"metanb-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
