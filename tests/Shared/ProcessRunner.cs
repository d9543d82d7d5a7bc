using System.Diagnostics;

namespace MetaNotebooks.Tests.Shared;

/// <summary>Runs an external tool (nbconvert, python) and returns its exit code and output; kills it on timeout.</summary>
internal static class ProcessRunner
{
    public static (int ExitCode, string Output) Run(string file, TimeSpan timeout, params string[] args) => Run(file, timeout, null, args);

    /// <summary>Runs it with extra environment variables (and, when given, in <paramref name="workingDirectory"/>).</summary>
    public static (int ExitCode, string Output) Run(string file, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string[] args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{file} timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
