namespace MetaNotebooks.Runner.Kernel;

/// <summary>
/// Maps a line of the code the C# kernel compiled back to the line in the cell: the kernel takes its own directives
/// (<c>#r "nuget: ..."</c>, <c>#i</c>, <c>#!magic</c>) out of the cell before compiling the rest, so a compiled line
/// counts only the lines left in.
/// </summary>
public static class CellLines
{
    /// <summary>The cell line (from 1) of compiled line <paramref name="compiledLine"/> (from 1).</summary>
    public static int ToCellLine(string cellSource, int compiledLine)
    {
        var lines = cellSource.Replace("\r\n", "\n").Split('\n');
        var kept = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsKernelDirective(lines[i]) && ++kept == compiledLine)
            {
                return i + 1;
            }
        }
        return compiledLine;
    }

    /// <summary>Whether the kernel handles this line itself (and so removes it from the compiled code).</summary>
    public static bool IsKernelDirective(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("#!", StringComparison.Ordinal)
            || t.StartsWith("#i ", StringComparison.Ordinal)
            || (t.StartsWith("#r", StringComparison.Ordinal) && t[2..].TrimStart().StartsWith("\"nuget:", StringComparison.OrdinalIgnoreCase));
    }
}
