namespace MetaNotebooks.Interactive.Tests;

/// <summary>What a notebook helper prints: the console output of an action, trimmed.</summary>
internal static class ConsoleCapture
{
    public static string Printed(Action action)
    {
        var previous = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try { action(); }
        finally { Console.SetOut(previous); }
        return writer.ToString().Trim();
    }
}
