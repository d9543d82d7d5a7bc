using System.Reflection;
using System.Runtime.Loader;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// Lets Plotly.NET run in the .NET Interactive kernel. Plotly.NET 6 is built against FSharp.Core 10.1.0.0; the kernel
/// (VS Code's and Jupyter's <c>dotnet-interactive</c> 1.0.712001, and <c>metanb run</c>'s, whose F# compiler pins
/// FSharp.Core 10.0.111) has FSharp.Core 10.0.0.0 in its default load context before any cell runs, and a load context
/// holds one assembly per name. The runtime finds the lower version, refuses it, and then asks the context's
/// <see cref="AssemblyLoadContext.Resolving"/> handlers: this one answers a request for a higher FSharp.Core 10.x with
/// the 10.0 already there. Every chart kind the course draws is exercised against that 10.0 by the chart tests and by
/// the notebooks (<c>ChartTests</c> and <c>JupyterNbconvertTests</c> in <c>tests/MetaNotebooks.Interactive.Tests</c>);
/// the day the kernel ships FSharp.Core 10.1 the runtime binds it directly and this handler is never asked.
/// </summary>
public static class FSharpCoreBinding
{
    private static int _installed;

    /// <summary>How many requests the handler has answered (0 where the kernel's FSharp.Core satisfies Plotly.NET itself).</summary>
    public static int Answered { get; private set; }

    /// <summary>Installs the handler once per process; called by <see cref="Course.Setup"/> before any chart type is touched.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += Resolve;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (requested.Name != "FSharp.Core")
        {
            return null;
        }
        var loaded = Loaded() ?? LoadWithoutVersion(context);
        if (loaded?.GetName().Version is not { } version || requested.Version is null || requested.Version.Major != version.Major)
        {
            // Another major version may differ in ways Plotly.NET notices: leave the failure to the runtime.
            return null;
        }
        Answered++;
        return loaded;
    }

    private static Assembly? Loaded() =>
        AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == "FSharp.Core");

    private static Assembly? LoadWithoutVersion(AssemblyLoadContext context)
    {
        try
        {
            // No version asked: the context binds whatever FSharp.Core the application carries (its deps.json).
            return context.LoadFromAssemblyName(new AssemblyName("FSharp.Core"));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
