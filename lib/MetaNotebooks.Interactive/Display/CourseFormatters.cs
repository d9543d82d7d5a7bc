using Microsoft.Data.Analysis.Interactive;
using Microsoft.DotNet.Interactive;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// Registers the course's formatters with the kernel's Formatter, once per process: charts, headlines, reported
/// results, tensors as text, and the DataFrame HTML table of Microsoft.Data.Analysis's own kernel extension.
/// </summary>
public static class CourseFormatters
{
    private static int _registered;

    /// <summary>Registers them unless already done (the setup cell and every display call this).</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) != 0)
        {
            return;
        }
        // Before any Plotly.NET type is touched: Plotly.NET asks for FSharp.Core 10.1, the kernel has 10.0.
        Charts.FSharpCoreBinding.Install();
        Charts.ChartFormatter.Register();
        Headline.Register();
        TestResult.Register();
        TensorDisplay.Register();
        // The extension registers its formatter with the (process-wide) Formatter; it is given a kernel of its own so
        // that loading it never sends commands to the kernel running the notebook.
        using var standalone = new CompositeKernel();
        new DataFrameKernelExtension().OnLoadAsync(standalone).GetAwaiter().GetResult();
    }
}
