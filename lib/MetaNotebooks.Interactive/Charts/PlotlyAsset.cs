namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// plotly.js (npm <c>plotly.js-dist-min</c>, pinned in package.json), copied next to this assembly as
/// <c>assets/plotly.min.js</c> by the build.
/// </summary>
public static class PlotlyAsset
{
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Path));

    /// <summary>The file's full path.</summary>
    public static string Path
    {
        get
        {
            var dir = System.IO.Path.GetDirectoryName(typeof(PlotlyAsset).Assembly.Location) ?? AppContext.BaseDirectory;
            var path = System.IO.Path.Combine(dir, "assets", "plotly.min.js");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"plotly.js is missing at {path}. Run: bash scripts/setup.sh (it runs npm ci and builds).", path);
        }
    }

    /// <summary>The script's text.</summary>
    public static string Text => Script.Value;
}
