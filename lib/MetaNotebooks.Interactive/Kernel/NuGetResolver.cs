using System.Security.Cryptography;
using System.Security;
using System.Text;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>
/// Resolves <c>#r "nuget: ..."</c> the way Polyglot does, through a real restore: a throw-away project
/// that references the packages is built with <c>dotnet build</c>, and the assemblies it copies to its
/// output are the references. Results are cached per package set under the temp folder.
/// </summary>
public static class NuGetResolver
{
    private const string StubName = "metanb_nuget_refs";

    /// <summary>Where the throw-away projects and their outputs are kept (default: <c>$TMPDIR/metanb-nuget</c>).</summary>
    public static string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "metanb-nuget");

    /// <summary>The assemblies (full paths) of the packages and their dependencies.</summary>
    /// <exception cref="InvalidOperationException">The restore failed; the message carries NuGet's errors.</exception>
    public static IReadOnlyList<string> Resolve(IEnumerable<NuGetPackageReference> packages, IEnumerable<string> sources)
    {
        var items = packages.Select(p => $"    <PackageReference Include=\"{SecurityElement.Escape(p.Id)}\" Version=\"{SecurityElement.Escape(p.Version ?? "*")}\" />")
            .Distinct().ToList();
        var sourceList = string.Join(";", sources.Select(s => SecurityElement.Escape(s)));
        var project = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <AssemblyName>{StubName}</AssemblyName>
                <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RestoreAdditionalProjectSources>{sourceList}</RestoreAdditionalProjectSources>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <NoWarn>NU1603;NU1701</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", items)}
              </ItemGroup>
            </Project>
            """;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..16].ToLowerInvariant();
        var dir = Path.Combine(CacheDirectory, hash);
        var output = Path.Combine(dir, "out");
        var done = Path.Combine(dir, "resolved.txt");
        if (!File.Exists(done))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"{StubName}.csproj"), project);
            File.WriteAllText(Path.Combine(dir, "Stub.cs"), "internal static class Stub { }\n");
            var (code, log) = DotNetHost.Run(dir, TimeSpan.FromMinutes(5), "build", "-c", "Release", "-o", output, "-nologo", "-v", "q");
            if (code != 0)
            {
                var errors = log.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct();
                throw new InvalidOperationException("NuGet restore failed: " + string.Join(" | ", errors.DefaultIfEmpty(log.Trim())));
            }
            var dlls = Directory.GetFiles(output, "*.dll").Where(f => Path.GetFileNameWithoutExtension(f) != StubName).Order();
            File.WriteAllLines(done, dlls);
        }
        return File.ReadAllLines(done);
    }
}
