namespace MetaNotebooks.Runner;

/// <summary>
/// The report for a kernel process that died mid-cell (<c>Environment.FailFast</c>, a native abort, a stack overflow):
/// the cell, the exit code and the last lines of what the runtime or native code wrote to stderr, without stack frames.
/// </summary>
public static class KernelDeath
{
    /// <summary>How many message lines to keep.</summary>
    public const int Lines = 3;

    /// <summary>"the kernel died in cell 3 (exit code 134): Process terminated. boom".</summary>
    public static string Describe(int? cell, int exitCode, string stderr)
    {
        var message = string.Join(" | ", LastLines(stderr));
        var where = cell is { } c ? $"the kernel died in cell {c}" : "the kernel died before the first cell";
        return $"{where} (exit code {exitCode}){(message.Length == 0 ? "" : ": " + message)}";
    }

    /// <summary>
    /// The last message lines of <paramref name="stderr"/>, leaving out stack frames (.NET's "at ...", libtorch's
    /// "frame #N: ..." and "Exception raised from ...") and separators.
    /// </summary>
    public static IReadOnlyList<string> LastLines(string stderr) => stderr.Replace("\r\n", "\n").Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Trim().Length > 0 && !IsFrame(l))
        .TakeLast(Lines)
        .ToList();

    private static bool IsFrame(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("at ", StringComparison.Ordinal)
            || t.StartsWith("frame #", StringComparison.Ordinal)
            || t.StartsWith("Exception raised from ", StringComparison.Ordinal)
            || t.StartsWith("--- End of", StringComparison.Ordinal)
            || t.StartsWith("Repeat ", StringComparison.Ordinal)
            || t.All(ch => ch == '-');
    }
}
