using System.Diagnostics;
using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Checks;
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

    /// <summary>The environment variable through which <see cref="NotebookRunner"/> passes the <see cref="ExerciseMode"/> (stubs when unset).</summary>
    public const string ExercisesVariable = "METANB_EXERCISES";

    /// <summary>Runs the notebook and returns the exit code; events go to <paramref name="events"/>.</summary>
    public static async Task<int> RunAsync(string notebookPath, string outputPath, TimeSpan cellTimeout, TextWriter events)
    {
        var clock = Stopwatch.StartNew();
        var executed = NotebookDocument.Load(notebookPath);
        executed.ClearOutputs();
        var codeCells = executed.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        var mode = Enum.TryParse<ExerciseMode>(Environment.GetEnvironmentVariable(ExercisesVariable), ignoreCase: true, out var m) ? m : ExerciseMode.Stubs;
        var solutions = mode == ExerciseMode.Stubs || !codeCells.Any(c => ExerciseCells.NumberOf(c.Source) is not null)
            ? new Dictionary<int, string>()
            : ExerciseCells.ReadSolutions(ExerciseCells.SolutionsPath(notebookPath));
        var plan = Plan(codeCells, mode, solutions);
        Emit(events, new JsonObject { ["event"] = "start", ["notebook"] = executed.Name, ["cells"] = plan.Count });
        executed.Save(outputPath);

        using var kernel = CourseKernel.Create();
        CellOutputCollector? current = null;
        using var subscription = kernel.KernelEvents.Subscribe(new EventRouter(() => Volatile.Read(ref current)));
        // Warm the compiler up before the first cell, so that the kernel's start does not count against a cell's limit.
        await kernel.SendAsync(new SubmitCode("// metanb: kernel warm-up", CourseKernel.CSharp));
        var index = 0;
        // In the stub pass of ExerciseMode.Both, each check's outputs, kept to show above the solution pass's.
        var stubOutputs = new Dictionary<NotebookCell, IReadOnlyList<JsonObject>>();
        foreach (var step in plan)
        {
            var cell = step.Cell;
            index++;
            Emit(events, new JsonObject { ["event"] = "cell", ["cell"] = cell.Number, ["index"] = index, ["of"] = plan.Count });
            var outputs = new CellOutputCollector(index);
            var cellClock = Stopwatch.StartNew();
            if (SlowCell.IsMarked(step.Source) && !SlowCell.RunsInCurrentProfile)
            {
                outputs.WriteStream("stdout", SlowCell.SkippedNote);
                Record(cell, index, outputs.Outputs);
                executed.Save(outputPath);
                Emit(events, new JsonObject { ["event"] = "cell-done", ["cell"] = cell.Number, ["seconds"] = 0 });
                continue;
            }
            if (step.Source != cell.Source) cell.Source = step.Source;
            Volatile.Write(ref current, outputs);
            var run = kernel.SendAsync(new SubmitCode(step.Source, CourseKernel.CSharp));
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
                ? CellError.From(failed, result.Events.OfType<DiagnosticsProduced>(), step.Source)
                : null;
            if (error is null && step.Checks is { } exercise)
            {
                error = ExerciseProblem(exercise, step.Pass, outputs.Outputs);
            }
            if (error is not null)
            {
                outputs.AddError(error);
            }
            var shown = stubOutputs.TryGetValue(cell, out var before) ? before.Concat(outputs.Outputs) : outputs.Outputs;
            if (step.Pass == ExercisePass.Stub) stubOutputs[cell] = outputs.Outputs;
            Record(cell, index, shown);
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

    /// <summary>Which code an exercise's cells run with in a step.</summary>
    private enum ExercisePass { None, Stub, Solution }

    /// <summary>One cell run: its code, and, for an exercise's check cell, the exercise it checks and with which code.</summary>
    private sealed record Step(NotebookCell Cell, string Source, ExercisePass Pass, int? Checks);

    /// <summary>
    /// The cells in the order they run: every code cell once, the stubs' replaced by their solutions in
    /// <see cref="ExerciseMode.Solutions"/>; in <see cref="ExerciseMode.Both"/>, the cells from the first stub on run twice,
    /// with the stubs, then with the solutions.
    /// </summary>
    private static List<Step> Plan(List<NotebookCell> codeCells, ExerciseMode mode, IReadOnlyDictionary<int, string> solutions)
    {
        var first = codeCells.FindIndex(c => ExerciseCells.NumberOf(c.Source) is not null);
        if (first < 0) return codeCells.Select(c => new Step(c, c.Source, ExercisePass.None, null)).ToList();
        IEnumerable<Step> Pass(IEnumerable<NotebookCell> cells, ExercisePass pass)
        {
            int? stub = null;
            foreach (var cell in cells)
            {
                var number = ExerciseCells.NumberOf(cell.Source);
                var source = number is { } n && pass == ExercisePass.Solution ? solutions[n] : cell.Source;
                yield return new Step(cell, source, pass, number is null ? stub : null);
                stub = number;
            }
        }
        var before = codeCells.Take(first).Select(c => new Step(c, c.Source, ExercisePass.None, null));
        var exercises = codeCells.Skip(first).ToList();
        return mode switch
        {
            ExerciseMode.Stubs => before.Concat(Pass(exercises, ExercisePass.None)).ToList(),
            ExerciseMode.Solutions => before.Concat(Pass(exercises, ExercisePass.Solution)).ToList(),
            _ => before.Concat(Pass(exercises, ExercisePass.Stub)).Concat(Pass(exercises, ExercisePass.Solution)).ToList(),
        };
    }

    /// <summary>
    /// Whether an exercise's check said what its pass expects: "not attempted yet" with the stub, "passed" with the
    /// solution. Null when it did (or, in a plain stub run, whatever the learner's code made it say).
    /// </summary>
    private static CellError? ExerciseProblem(int exercise, ExercisePass pass, IReadOnlyList<JsonObject> outputs)
    {
        var lines = outputs.Select(CellOutput.ReadStream).OfType<string>().SelectMany(t => t.Split('\n'))
            .Where(l => l.StartsWith($"exercise {exercise} (", StringComparison.Ordinal)).ToList();
        return pass switch
        {
            ExercisePass.Stub when !lines.Any(l => l.Contains(NotAttemptedMarker, StringComparison.Ordinal)) => new CellError("ExerciseError",
                $"exercise {exercise}: with its stub left as shipped, the check did not report \"{NotAttemptedMarker}\"; " +
                "a learner's first Run All must get that (make the stub's values Exercise.Todo<T>() and read them with Exercise.Answer).", null, ""),
            ExercisePass.Solution when !lines.Any(l => l.EndsWith(PassedMarker, StringComparison.Ordinal)) => new CellError("ExerciseError",
                $"exercise {exercise}: with its solution, the check did not report \"{Exercise.PassedMarker}\" (is the check Exercise.Check({exercise}, ...), and does the solution set every answer it reads?).", null, ""),
            _ => null,
        };
    }

    /// <summary>What <see cref="Exercise.Check"/> prints for an exercise whose stub is still empty.</summary>
    public const string NotAttemptedMarker = Exercise.NotAttemptedMarker;

    /// <summary>How the line <see cref="Exercise.Check"/> prints for a solved exercise ends.</summary>
    public const string PassedMarker = "): " + Exercise.PassedMarker;

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
