using System.Text.RegularExpressions;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>A NuGet package a cell asks for with <c>#r "nuget: Id, Version"</c>.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version (or range); null means the latest.</param>
/// <param name="Line">The directive's line in the cell, from 1.</param>
public sealed record NuGetPackageReference(string Id, string? Version, int Line);

/// <summary>
/// The Polyglot directives Roslyn scripting does not know: <c>#r "nuget: ..."</c>, <c>#i "nuget: source"</c>
/// and <c>#!</c> magic commands. They are taken out of the code (each replaced by an empty line, so line
/// numbers stay right) and handed to the kernel.
/// </summary>
public sealed partial class CellDirectives
{
    private CellDirectives(string code, IReadOnlyList<NuGetPackageReference> packages, IReadOnlyList<string> sources)
    {
        Code = code;
        Packages = packages;
        Sources = sources;
    }

    /// <summary>The code with the directives blanked out, ready for Roslyn.</summary>
    public string Code { get; }

    /// <summary>The NuGet packages requested.</summary>
    public IReadOnlyList<NuGetPackageReference> Packages { get; }

    /// <summary>Extra package sources (<c>#i "nuget: https://..."</c> or a local folder).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Parses a cell's source.</summary>
    public static CellDirectives Parse(string source)
    {
        var packages = new List<NuGetPackageReference>();
        var sources = new List<string>();
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (NuGetReference().Match(line) is { Success: true } r)
            {
                var version = r.Groups["version"].Success ? r.Groups["version"].Value.Trim() : null;
                packages.Add(new NuGetPackageReference(r.Groups["id"].Value.Trim(), string.IsNullOrEmpty(version) ? null : version, i + 1));
                lines[i] = "";
            }
            else if (NuGetSource().Match(line) is { Success: true } s)
            {
                sources.Add(s.Groups["source"].Value.Trim());
                lines[i] = "";
            }
            else if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                lines[i] = "";
            }
        }
        return new CellDirectives(string.Join('\n', lines), packages, sources);
    }

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<id>[^,"]+)(,\s*(?<version>[^"]*))?"\s*$""")]
    private static partial Regex NuGetReference();

    [GeneratedRegex("""^#i\s+"nuget:\s*(?<source>[^"]+)"\s*$""")]
    private static partial Regex NuGetSource();
}
