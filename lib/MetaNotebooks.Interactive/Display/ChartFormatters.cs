namespace MetaNotebooks.Interactive.Display;

/// <summary>Registers the formatters for this library's display types (and TorchSharp's tensors) with Polyglot's formatter, once.</summary>
internal static class ChartFormatters
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Charts.FigureFormatter.Register();
            Headline.Register();
            Table.Register();
            TensorDisplay.Register();
        }
    }
}
