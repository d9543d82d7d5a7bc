namespace MetaNotebooks.Cli.Commands;

/// <summary>The command line this process was started with, as one shell-quoted string, for the provenance of checkpoints and results.</summary>
public static class CommandLineText
{
    /// <summary>"metanb train protonet --steps 600 --threads 1": the tokens <paramref name="parse"/> read (the command line as typed, each quoted when it needs it).</summary>
    public static string Of(System.CommandLine.ParseResult parse) => Of(parse.Tokens.Select(t => t.Value));

    /// <summary>"metanb" followed by <paramref name="arguments"/>, each in single quotes when it holds a space or a shell character.</summary>
    public static string Of(IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(Quote).Prepend("metanb"));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
