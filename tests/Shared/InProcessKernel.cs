using System.Text.Json.Nodes;
using MetaNotebooks.Interactive;
using MetaNotebooks.Runner.Kernel;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace MetaNotebooks.Tests.Shared;

/// <summary>
/// The course's kernel (<see cref="CourseKernel"/>) in the test process, for tests of what one cell shows: runs cells
/// and returns the kernel's events and the cell's outputs as the runner would write them.
/// </summary>
internal sealed class InProcessKernel : IDisposable
{
    private readonly Microsoft.DotNet.Interactive.CompositeKernel _kernel = CourseKernel.Create();
    private int _count;

    /// <summary>A kernel that already references this repository's notebook-side library (as the setup cell does).</summary>
    public static async Task<InProcessKernel> StartAsync()
    {
        var kernel = new InProcessKernel();
        var (_, _, error) = await kernel.RunAsync($"#r \"{typeof(Course).Assembly.Location}\"");
        Assert.Null(error);
        return kernel;
    }

    /// <summary>Runs one cell: every event it raised, its outputs, and its error (null when it passed).</summary>
    public async Task<(IReadOnlyList<KernelEvent> Events, IReadOnlyList<JsonObject> Outputs, CellError? Error)> RunAsync(string code)
    {
        var outputs = new CellOutputCollector(++_count);
        var result = await _kernel.SendAsync(new SubmitCode(code, CourseKernel.CSharp));
        foreach (var e in result.Events)
        {
            outputs.Observe(e);
        }
        var error = result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed
            ? CellError.From(failed, result.Events.OfType<DiagnosticsProduced>(), code)
            : null;
        return (result.Events, outputs.Outputs, error);
    }

    public void Dispose() => _kernel.Dispose();
}
