using System.Diagnostics;

namespace MetaNotebooks.Torch.Tests;

/// <summary>Runs this test assembly's <see cref="Program"/> in a new process and captures what it prints.</summary>
internal static class ChildProcess
{
    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The folder this test assembly (and the native library beside it) was built to.</summary>
    internal static string OutputDirectory => Path.GetDirectoryName(typeof(ChildProcess).Assembly.Location)!;

    /// <summary>Runs `dotnet exec [dir/]MetaNotebooks.Torch.Tests.dll args` with extra environment variables.</summary>
    internal static Result Run(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? directory = null,
        int timeoutSeconds = 120)
    {
        var assembly = Path.Combine(directory ?? OutputDirectory, Path.GetFileName(typeof(ChildProcess).Assembly.Location));
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child process ({string.Join(' ', args)}) did not finish in {timeoutSeconds} s.");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
