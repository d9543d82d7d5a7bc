using MetaNotebooks.Interactive.Display;

namespace MetaNotebooks.Interactive.Scripting;

/// <summary>
/// <c>x.Display()</c> for notebooks run by the headless runner, mirroring Polyglot's extension of the same
/// name. The runner imports this namespace; notebooks never do, so in VS Code Polyglot's own
/// <c>Display()</c> is the one that binds and the two never clash.
/// </summary>
public static class DisplayExtensions
{
    /// <summary>Displays the value in the current cell's output (default mime types: as Polyglot picks them).</summary>
    public static DisplayHandle Display(this object? value, params string[] mimeTypes) => NotebookDisplay.Show(value, mimeTypes);
}
