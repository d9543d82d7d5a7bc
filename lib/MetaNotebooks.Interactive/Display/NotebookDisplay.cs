using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// Shows values in the .NET Interactive kernel that runs this code (VS Code, Jupyter's .NET kernel or
/// <c>metanb run</c>: the same kernel, so the same outputs), formatted by the kernel's own Formatter; outside a
/// kernel (a console program, a test) it prints the plain-text form.
/// </summary>
public static class NotebookDisplay
{
    /// <summary>
    /// Displays <paramref name="value"/> in the given mime types (default: those the Formatter prefers for its type)
    /// and returns a handle that replaces it in place.
    /// </summary>
    public static DisplayHandle Show(object? value, params string[] mimeTypes)
    {
        CourseFormatters.EnsureRegistered();
        if (KernelInvocationContext.Current is not { } context)
        {
            Console.WriteLine(value.ToDisplayString(MimeTypes.PlainText));
            return new DisplayHandle(v => Console.WriteLine(v.ToDisplayString(MimeTypes.PlainText)));
        }
        // The display id is ours and rides on both events, so a front end (or the runner) can match an update to
        // the output it replaces.
        var displayId = Guid.NewGuid().ToString("N");
        var command = context.Command;
        context.Publish(new DisplayedValueProduced(value, command, Format(value, mimeTypes), displayId));
        return new DisplayHandle(v => context.Publish(new DisplayedValueUpdated(v, displayId, command, Format(v, mimeTypes))));
    }

    /// <summary>The value in each mime type: the given ones, or the Formatter's preferred ones for its type.</summary>
    public static IReadOnlyList<FormattedValue> Format(object? value, params string[] mimeTypes)
    {
        CourseFormatters.EnsureRegistered();
        var mimes = mimeTypes.Length > 0 ? mimeTypes : Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)).ToArray();
        return mimes.Distinct().Select(m => new FormattedValue(m, value.ToDisplayString(m))).ToList();
    }
}
