using System.Reflection;
using MetaNotebooks.Interactive.Notebooks;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// Shows values in the notebook that is running this code: the headless runner's cell outputs when the
/// runner is the host, Polyglot's display when the code runs in VS Code or Jupyter's .NET kernel, and
/// plain text on the console otherwise.
/// </summary>
public static class NotebookDisplay
{
    /// <summary>The runner's sink for the current cell; null outside the runner.</summary>
    public static IDisplaySink? Sink { get; set; }

    /// <summary>Displays <paramref name="value"/> in the given mime types (default: as Polyglot would).</summary>
    public static DisplayHandle Show(object? value, params string[] mimeTypes)
    {
        if (Sink is { } sink)
        {
            var position = sink.Publish(MimeBundle.Format(value, mimeTypes));
            return new DisplayHandle(v => sink.Update(position, MimeBundle.Format(v, mimeTypes)));
        }
        if (PolyglotDisplay.TryShow(value, mimeTypes) is { } polyglot)
        {
            return polyglot;
        }
        Console.WriteLine(MimeBundle.Format(value, MimeTypes.PlainText)[MimeTypes.PlainText]);
        return new DisplayHandle(v => Console.WriteLine(MimeBundle.Format(v, MimeTypes.PlainText)[MimeTypes.PlainText]));
    }
}

/// <summary>
/// Reaches a live Polyglot kernel without referencing it (Microsoft.DotNet.Interactive is not a package
/// this project can restore): <c>KernelInvocationContext.Current.Display(value, mimeTypes)</c> by reflection.
/// </summary>
internal static class PolyglotDisplay
{
    public static DisplayHandle? TryShow(object? value, string[] mimeTypes)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        var contextType = assembly?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext");
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        var display = assembly?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContextExtensions")
            ?.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == "Display" && m.GetParameters().Length == 3 && m.GetParameters()[1].ParameterType == typeof(object));
        if (context is null || display is null)
        {
            return null;
        }
        ChartFormatters.EnsureRegistered();
        var shown = display.Invoke(null, [context, value, mimeTypes]);
        var update = shown?.GetType().GetMethod("Update", [typeof(object)]);
        return new DisplayHandle(v => update?.Invoke(shown, [v]));
    }
}
