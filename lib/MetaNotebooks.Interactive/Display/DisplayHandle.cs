namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// A displayed output that can be replaced in place (a live progress line), like the kernel's
/// <c>DisplayedValue</c>.
/// </summary>
public sealed class DisplayHandle
{
    private readonly Action<object?> _update;

    internal DisplayHandle(Action<object?> update) => _update = update;

    /// <summary>Replaces the displayed value with <paramref name="value"/>, formatted the same way.</summary>
    public void Update(object? value) => _update(value);
}
