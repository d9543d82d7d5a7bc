namespace MetaNotebooks.Data;

/// <summary>
/// Where data sets live. In order: an explicit path; the <c>METANB_DATA</c> environment variable (a folder that holds
/// the files, or a data root with an <c>omniglot/</c> folder); <c>data/omniglot</c> under the repository root (found by
/// walking up from the current directory to MetaNotebooks.sln); <c>data/omniglot</c> under the current directory.
/// </summary>
public static class DataFolder
{
    /// <summary>The environment variable that points at a data folder.</summary>
    public const string EnvironmentVariable = "METANB_DATA";

    /// <summary>The folder that holds (or will hold) images_background.zip and images_evaluation.zip.</summary>
    public static string Omniglot(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            var full = Path.GetFullPath(env);
            var nested = Path.Combine(full, "omniglot");
            return Directory.Exists(nested) && !File.Exists(Path.Combine(full, OmniglotFiles.BackgroundZip)) ? nested : full;
        }
        var root = RepositoryRoot(Directory.GetCurrentDirectory());
        return Path.Combine(root ?? Directory.GetCurrentDirectory(), "data", "omniglot");
    }

    /// <summary>The environment variable that points at a folder for caches (e.g. when the data folder is shared or read-only).</summary>
    public const string CacheVariable = "METANB_CACHE";

    /// <summary>Where caches built from the data in <paramref name="dataFolder"/> go: an explicit folder, else METANB_CACHE, else the data folder itself.</summary>
    public static string Cache(string dataFolder, string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var env = Environment.GetEnvironmentVariable(CacheVariable);
        return string.IsNullOrWhiteSpace(env) ? dataFolder : Path.GetFullPath(env);
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds MetaNotebooks.sln, or null.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MetaNotebooks.sln"))) return dir.FullName;
        return null;
    }
}
