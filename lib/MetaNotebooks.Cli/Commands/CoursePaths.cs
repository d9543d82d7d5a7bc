namespace MetaNotebooks.Cli.Commands;

/// <summary>Finds the repository (the folder holding <c>MetaNotebooks.sln</c>) and its notebooks.</summary>
public static class CoursePaths
{
    /// <summary>The repository root above <paramref name="start"/> (default: the current folder), or null.</summary>
    public static string? RepoRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MetaNotebooks.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>
    /// The notebooks to run, in course order: each argument is a notebook file, a folder (all its
    /// <c>*.ipynb</c>), or a name or number prefix of a notebook in <c>notebooks/</c> (<c>03</c>, <c>03-maml</c>).
    /// No arguments: every notebook in <c>notebooks/</c>.
    /// </summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> arguments, string? repoRoot)
    {
        var notebooksDir = repoRoot is null ? null : Path.Combine(repoRoot, "notebooks");
        IEnumerable<string> InFolder(string dir) => Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal))
            : [];
        if (arguments.Count == 0)
        {
            return notebooksDir is null ? [] : InFolder(notebooksDir).Order(StringComparer.Ordinal).ToList();
        }
        var found = new List<string>();
        foreach (var arg in arguments)
        {
            if (File.Exists(arg))
            {
                found.Add(Path.GetFullPath(arg));
            }
            else if (Directory.Exists(arg))
            {
                found.AddRange(InFolder(arg).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            }
            else
            {
                var matches = notebooksDir is null ? [] : InFolder(notebooksDir).Where(f => Path.GetFileName(f).StartsWith(arg, StringComparison.OrdinalIgnoreCase)).ToList();
                if (matches.Count == 0)
                {
                    throw new FileNotFoundException($"No notebook matches '{arg}' (give a path, a folder, or a name in notebooks/).");
                }
                found.AddRange(matches.Order(StringComparer.Ordinal));
            }
        }
        return found.Distinct().ToList();
    }
}
