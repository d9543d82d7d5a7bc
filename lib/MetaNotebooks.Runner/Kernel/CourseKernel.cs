using System.Reflection;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace MetaNotebooks.Runner.Kernel;

/// <summary>
/// The kernel a notebook runs in: a <see cref="CompositeKernel"/> holding the .NET Interactive C# kernel set up as
/// Polyglot Notebooks and Jupyter's <c>.NET (C#)</c> kernel set it up (<c>display(...)</c> and the other kernel
/// helpers, value sharing, <c>#r "nuget: ..."</c> restored through NuGet), so a notebook that runs here runs there.
/// </summary>
public static class CourseKernel
{
    /// <summary>The C# kernel's name, the one Polyglot cell metadata uses (<c>"kernelName": "csharp"</c>).</summary>
    public const string CSharp = "csharp";

    /// <summary>
    /// A new kernel; relative <c>#r</c> paths resolve from the process's working folder (the runner starts the kernel
    /// process in the notebook's folder, as the editors do).
    /// </summary>
    public static CompositeKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        EmitDebugInformation(csharp);
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = CSharp;
        return composite;
    }

    /// <summary>
    /// Compiles cells with debug information, so that an exception's stack trace carries the line in the cell that
    /// threw (the kernel compiles without it, and a runtime error could then name only its cell). The kernel keeps its
    /// script options in a private field; a test (KernelErrorTests) fails if a kernel release renames it.
    /// </summary>
    private static void EmitDebugInformation(CSharpKernel kernel)
    {
        var field = typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("CSharpKernel has no _scriptOptions field: this kernel release needs another way to emit debug information.");
        field.SetValue(kernel, ((ScriptOptions)field.GetValue(kernel)!).WithEmitDebugInformation(true));
    }
}
