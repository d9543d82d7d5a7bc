namespace MetaNotebooks.Runner;

/// <summary>
/// The runtimeconfig the kernel process starts with: the one the build wrote next to this assembly, or,
/// where this assembly was copied without it (into another app's output), one written to the temp folder
/// naming the same framework.
/// </summary>
internal static class KernelRuntimeConfig
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Path => Location.Value;

    private static string Find()
    {
        var own = System.IO.Path.ChangeExtension(typeof(KernelRuntimeConfig).Assembly.Location, ".runtimeconfig.json");
        if (File.Exists(own))
        {
            return own;
        }
        var version = $"{Environment.Version.Major}.{Environment.Version.Minor}.0";
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"metanb-kernel-{version}.runtimeconfig.json");
        if (!File.Exists(path))
        {
            var tmp = path + "." + Environment.ProcessId;
            File.WriteAllText(tmp, $$"""
                {
                  "runtimeOptions": {
                    "tfm": "net{{Environment.Version.Major}}.{{Environment.Version.Minor}}",
                    "framework": { "name": "Microsoft.NETCore.App", "version": "{{version}}" }
                  }
                }
                """);
            File.Move(tmp, path, overwrite: true);
        }
        return path;
    }
}
