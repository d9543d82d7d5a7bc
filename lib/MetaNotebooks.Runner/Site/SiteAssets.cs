namespace MetaNotebooks.Runner.Site;

/// <summary>
/// The course site's browser assets, all served from the site's own <c>assets/</c> folder (no network): plotly.js
/// (charts), KaTeX with its auto-render script and fonts (math) and highlight.js with its C# grammar (code). The
/// build copies them from npm (lib/MetaNotebooks.Interactive/package.json) next to this assembly.
/// </summary>
internal static class SiteAssets
{
    /// <summary>Copies every asset into <paramref name="assetsDirectory"/>.</summary>
    public static void CopyTo(string assetsDirectory)
    {
        Directory.CreateDirectory(assetsDirectory);
        File.Copy(Interactive.Charts.PlotlyAsset.Path, Path.Combine(assetsDirectory, "plotly.min.js"), overwrite: true);
        File.WriteAllText(Path.Combine(assetsDirectory, "site.css"), SiteStyle.Css);
        var source = Path.Combine(Path.GetDirectoryName(typeof(SiteAssets).Assembly.Location)!, "site-assets");
        if (!File.Exists(Path.Combine(source, "katex", "katex.min.js")))
        {
            throw new FileNotFoundException($"The site's KaTeX and highlight.js assets are missing from {source}. Run: bash scripts/setup.sh (it runs npm ci and builds).");
        }
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(assetsDirectory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The head tags every page carries: the stylesheet, KaTeX and highlight.js, and the script that runs them.</summary>
    public const string Head = """
        <link rel="stylesheet" href="assets/site.css">
        <link rel="stylesheet" href="assets/katex/katex.min.css">
        <link rel="stylesheet" href="assets/highlight/github.min.css">
        <script defer src="assets/katex/katex.min.js"></script>
        <script defer src="assets/katex/auto-render.min.js"></script>
        <script defer src="assets/highlight/highlight.min.js"></script>
        <script defer src="assets/highlight/csharp.min.js"></script>
        <script defer src="assets/site.js"></script>
        """;

    /// <summary>Renders the math (Markdig marks it as <c>\( \)</c> and <c>\[ \]</c>; <c>$$</c> and <c>$</c> too) and highlights C# code.</summary>
    public const string Script = """
        document.addEventListener("DOMContentLoaded", function () {
          renderMathInElement(document.body, {
            delimiters: [
              { left: "$$", right: "$$", display: true },
              { left: "\\[", right: "\\]", display: true },
              { left: "\\(", right: "\\)", display: false },
              { left: "$", right: "$", display: false }
            ],
            ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"],
            ignoredClasses: ["output"],
            throwOnError: false
          });
          document.querySelectorAll("pre.code code").forEach(function (el) { hljs.highlightElement(el); });
        });
        """;
}
