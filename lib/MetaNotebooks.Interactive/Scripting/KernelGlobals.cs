using MetaNotebooks.Interactive.Display;

namespace MetaNotebooks.Interactive.Scripting;

/// <summary>
/// The globals every cell sees when the headless runner executes a notebook, mirroring the Polyglot C#
/// kernel's: <c>display(x)</c>.
/// </summary>
public class KernelGlobals
{
    /// <summary>Displays a value in the current cell's output, like Polyglot's <c>display</c>.</summary>
#pragma warning disable IDE1006 // Polyglot's name, lower case on purpose.
    public DisplayHandle display(object? value, params string[] mimeTypes) => NotebookDisplay.Show(value, mimeTypes);
#pragma warning restore IDE1006
}
