using System.Diagnostics;
using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Kernel;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace MetaNotebooks.Runner;

/// <summary>
/// The kernel process's side of a run: submits one notebook's C# cells in order to the .NET Interactive C# kernel
/// (<see cref="CourseKernel"/>), saves the executed copy after every cell, and reports events to the parent.
/// A cell past its time limit is reported and the process exits, which is what stops code that never
/// checks for cancellation (a busy loop cannot be aborted in-process on .NET).
/// </summary>
public static class KernelHost
{
    /// <summary>Exit code when every cell passed.</summary>
    public const int ExitPassed = 0;
    /// <summary>Exit code when a cell failed.</summary>
    public const int ExitFailed = 1;
    /// <summary>Exit code when a cell ran past its limit.</summary>
    public const int ExitTimedOut = 2;

    /// <summary>Runs the notebook and returns the exit code; events go to <paramref name="events"/>.</summary>
    public static async Task<int> RunAsync(string notebookPath, string outputPath, TimeSpan cellTimeout, TextWriter events)
    {
        var clock = Stopwatch.StartNew();
        var executed = NotebookDocument.Load(notebookPath);
        executed.ClearOutputs();
        var codeCells = executed.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        Emit(events, new JsonObject { ["event"] = "start", ["notebook"] = executed.Name, ["cells"] = codeCells.Count });
        executed.Save(outputPath);

        using var kernel = CourseKernel.Create();
        CellOutputCollector? current = null;
        using var subscription = kernel.KernelEvents.Subscribe(new EventRouter(() => Volatile.Read(ref current)));
        // Warm the compiler up before the first cell, so that the kernel's start does not count against a cell's limit.
        await kernel.SendAsync(new SubmitCode("// metanb: kernel warm-up", CourseKernel.CSharp));
        var index = 0;
        foreach (var cell in codeCells)
        {
            index++;
            Emit(events, new JsonObject { ["event"] = "cell", ["cell"] = cell.Number, ["index"] = index, ["of"] = codeCells.Count });
            var outputs = new CellOutputCollector(index);
            var cellClock = Stopwatch.StartNew();
            if (SlowCell.IsMarked(cell.Source) && !SlowCell.RunsInCurrentProfile)
            {
                outputs.WriteStream("stdout", SlowCell.SkippedNote);
                Record(cell, index, outputs.Outputs);
                executed.Save(outputPath);
                Emit(events, new JsonObject { ["event"] = "cell-done", ["cell"] = cell.Number, ["seconds"] = 0 });
                continue;
            }
            Volatile.Write(ref current, outputs);
            var run = kernel.SendAsync(new SubmitCode(cell.Source, CourseKernel.CSharp));
            var finished = await Task.WhenAny(run, Task.Delay(cellTimeout));
            if (finished != run)
            {
                var timeout = new CellError("TimeoutError",
                    $"The cell did not finish within its time limit of {cellTimeout.TotalSeconds:0.#} s and was stopped. " +
                    $"Make the cell faster (use the quick profile: {Profile.EnvironmentVariable}=quick), or raise the limit (metanb run --cell-timeout).",
                    null, "");
                outputs.AddError(timeout);
                Record(cell, index, outputs.Outputs);
                executed.Save(outputPath);
                Emit(events, Done("timedout", cell.Number, timeout, clock.Elapsed));
                return ExitTimedOut;
            }
            var result = await run;
            Volatile.Write(ref current, null);
            var error = result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed
                ? CellError.From(failed, result.Events.OfType<DiagnosticsProduced>(), cell.Source)
                : null;
            if (error is not null)
            {
                outputs.AddError(error);
            }
            Record(cell, index, outputs.Outputs);
            executed.Save(outputPath);
            Emit(events, new JsonObject { ["event"] = "cell-done", ["cell"] = cell.Number, ["seconds"] = cellClock.Elapsed.TotalSeconds });
            if (error is not null)
            {
                Emit(events, Done("failed", cell.Number, error, clock.Elapsed));
                return ExitFailed;
            }
        }
        Emit(events, Done("passed", null, null, clock.Elapsed));
        return ExitPassed;
    }

    private static void Record(NotebookCell cell, int executionCount, IEnumerable<JsonObject> outputs)
    {
        cell.ExecutionCount = executionCount;
        cell.Json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)o).ToArray());
    }

    private static JsonObject Done(string status, int? cell, CellError? error, TimeSpan elapsed) => new()
    {
        ["event"] = "done",
        ["status"] = status,
        ["cell"] = cell,
        ["line"] = error?.Line,
        ["name"] = error?.Name,
        ["message"] = error?.Message,
        ["seconds"] = elapsed.TotalSeconds,
    };

    private static void Emit(TextWriter events, JsonObject message)
    {
        events.WriteLine(KernelProtocol.Line(message));
        events.Flush();
    }

    /// <summary>Sends each kernel event to the running cell's collector.</summary>
    private sealed class EventRouter(Func<CellOutputCollector?> current) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value) => current()?.Observe(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
