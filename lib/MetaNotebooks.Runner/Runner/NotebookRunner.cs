using System.Diagnostics;
using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Kernel;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;

namespace MetaNotebooks.Runner;

/// <summary>
/// Runs a notebook headlessly in its own kernel process (this assembly started with <c>dotnet exec</c>),
/// so that a runaway cell can always be stopped: the kernel enforces the cell limit itself, and this side
/// ends the whole process tree (Chromium included) when the notebook limit, or a cell limit plus a grace
/// period, passes. The executed copy is saved (atomically) after every cell, so it shows how far a stopped run got.
/// A notebook that cannot run at all (not valid JSON, a cell in a language the kernel does not run) is reported
/// without starting a kernel, and no executed copy is written for it.
/// </summary>
public static class NotebookRunner
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    /// <summary>Runs <paramref name="notebookPath"/> and returns where and how it ended.</summary>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, NotebookRunOptions? options = null,
        IProgress<NotebookProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        notebookPath = Path.GetFullPath(notebookPath);
        var name = Path.GetFileName(notebookPath);
        var outputPath = Path.GetFullPath(options.OutputPath ?? Path.ChangeExtension(notebookPath, ".executed.ipynb"));
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        File.Delete(outputPath);
        var clock = Stopwatch.StartNew();
        if (NotebookCheck.Problem(notebookPath, options.Exercises) is { } problem)
        {
            return new NotebookRunResult(notebookPath, outputPath, NotebookStatus.Failed, problem, clock.Elapsed);
        }

        using var process = Start(notebookPath, outputPath, options);
        process.StandardInput.Close(); // a cell that reads the console gets end-of-input, not a hang
        var state = new RunState();
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                var message = KernelProtocol.Parse(line);
                if (message is null)
                {
                    options.Log?.Invoke(line);
                    continue;
                }
                state.Observe(message);
                if (message["event"]?.GetValue<string>() == "cell")
                {
                    progress?.Report(new NotebookProgress(name, state.Cell ?? 0, message["index"]!.GetValue<int>(), message["of"]!.GetValue<int>()));
                }
            }
        }, CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);

        string? stopReason = null;
        while (!process.HasExited)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (clock.Elapsed > options.NotebookTimeout)
            {
                stopReason = $"The notebook did not finish within its time limit of {options.NotebookTimeout.TotalSeconds:0.#} s; the kernel process was stopped.";
            }
            else if (state.CellClock is { } cellClock && cellClock.Elapsed > options.CellTimeout + Grace)
            {
                stopReason = $"The cell did not finish within its time limit of {options.CellTimeout.TotalSeconds:0.#} s; the kernel process was stopped.";
            }
            if (stopReason is not null)
            {
                Kill(process);
                break;
            }
            await Task.Delay(100, CancellationToken.None);
        }
        await process.WaitForExitAsync(CancellationToken.None);
        await reader;
        var stderr = await errors;

        if (stopReason is not null)
        {
            var error = new NotebookError(name, state.Cell ?? 0, null, "TimeoutError", stopReason);
            RecordError(notebookPath, outputPath, error);
            return new NotebookRunResult(notebookPath, outputPath, NotebookStatus.TimedOut, error, clock.Elapsed);
        }
        if (state.Done is not { } done)
        {
            var error = new NotebookError(name, state.Cell ?? 0, null, "KernelDied", KernelDeath.Describe(state.Cell, process.ExitCode, stderr));
            RecordError(notebookPath, outputPath, error);
            return new NotebookRunResult(notebookPath, outputPath, NotebookStatus.Failed, error, clock.Elapsed);
        }
        var status = done["status"]?.GetValue<string>() switch
        {
            "passed" => NotebookStatus.Passed,
            "timedout" => NotebookStatus.TimedOut,
            _ => NotebookStatus.Failed,
        };
        var notebookError = status == NotebookStatus.Passed ? null : new NotebookError(name,
            done["cell"]?.GetValue<int>() ?? 0, done["line"]?.GetValue<int>(),
            done["name"]?.GetValue<string>() ?? "Error", done["message"]?.GetValue<string>() ?? "");
        return new NotebookRunResult(notebookPath, outputPath, status, notebookError, clock.Elapsed);
    }

    private static Process Start(string notebookPath, string outputPath, NotebookRunOptions options)
    {
        var kernelDll = typeof(NotebookRunner).Assembly.Location;
        // The kernel process runs in the notebook's folder, so its relative #r paths resolve as in the editors.
        var info = new ProcessStartInfo(DotNetHost.Path)
        {
            WorkingDirectory = Path.GetDirectoryName(notebookPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", "--runtimeconfig", KernelRuntimeConfig.Path, kernelDll, "kernel", notebookPath, outputPath,
                     options.CellTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (options.Profile is not null)
        {
            info.Environment[Profile.EnvironmentVariable] = options.Profile;
        }
        info.Environment[KernelHost.ExercisesVariable] = options.Exercises.ToString().ToLowerInvariant();
        foreach (var (key, value) in options.Environment)
        {
            info.Environment[key] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start the kernel process ({DotNetHost.Path}).");
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Adds the error to the executed copy's cell (the copy as far as the kernel saved it).</summary>
    private static void RecordError(string notebookPath, string outputPath, NotebookError error)
    {
        NotebookDocument executed;
        try
        {
            executed = NotebookDocument.Load(outputPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            executed = NotebookDocument.Load(notebookPath);
            executed.ClearOutputs();
        }
        var cell = executed.Cells.FirstOrDefault(c => c.Number == error.Cell);
        if (cell is not null && cell.Kind == CellKind.Code)
        {
            cell.Outputs.Add(new CellError(error.Name, error.Message, error.Line, "").ToOutput());
        }
        executed.Save(outputPath);
    }

    /// <summary>What the event stream has said so far.</summary>
    private sealed class RunState
    {
        private readonly object _gate = new();
        private int? _cell;
        private Stopwatch? _cellClock;
        private JsonObject? _done;

        public int? Cell { get { lock (_gate) { return _cell; } } }

        public Stopwatch? CellClock { get { lock (_gate) { return _cellClock; } } }

        public JsonObject? Done { get { lock (_gate) { return _done; } } }

        public void Observe(JsonObject message)
        {
            lock (_gate)
            {
                switch (message["event"]?.GetValue<string>())
                {
                    case "cell":
                        _cell = message["cell"]?.GetValue<int>();
                        _cellClock = Stopwatch.StartNew();
                        break;
                    case "cell-done":
                        _cellClock = null;
                        break;
                    case "done":
                        _done = message;
                        _cellClock = null;
                        break;
                }
            }
        }
    }
}
