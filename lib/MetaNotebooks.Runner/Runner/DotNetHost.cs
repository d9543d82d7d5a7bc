using System.Diagnostics;

namespace MetaNotebooks.Runner;

/// <summary>Finds the <c>dotnet</c> executable that runs this process (for child processes and restores).</summary>
public static class DotNetHost
{
    /// <summary>The full path of <c>dotnet</c>: this process's host, else DOTNET_ROOT's, else the one on PATH.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }
        foreach (var root in new[] { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), Environment.GetEnvironmentVariable("DOTNET_ROOT") })
        {
            if (string.IsNullOrEmpty(root))
            {
                continue;
            }
            var candidate = File.Exists(root) ? root : System.IO.Path.Combine(root, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var runtimeDir = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location);
        var fromRuntime = runtimeDir is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(runtimeDir, "../../../dotnet"));
        return fromRuntime is not null && File.Exists(fromRuntime) ? fromRuntime : "dotnet";
    }

    /// <summary>Runs <c>dotnet</c> with arguments in a folder and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"dotnet {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
