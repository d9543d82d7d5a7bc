namespace MetaNotebooks.Runner;

/// <summary>How to run a notebook: where the executed copy goes, the time limits and the profile.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Where to write the executed copy; default: next to the source as <c>name.executed.ipynb</c>.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The longest one cell may run; past it the cell is stopped with a TimeoutError.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest the whole notebook may run (kernel start included); past it the kernel process is ended.</summary>
    public TimeSpan NotebookTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The profile (<c>quick</c> or <c>full</c>), passed to the notebook as <c>METANB_PROFILE</c>; null keeps the environment's.</summary>
    public string? Profile { get; init; }

    /// <summary>Which code the exercises run with: the stubs as written (default), the solutions, or both in turn (the tests).</summary>
    public ExerciseMode Exercises { get; init; } = ExerciseMode.Stubs;

    /// <summary>Extra environment variables for the kernel process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives the kernel's stray console lines (native libraries writing to stdout); null drops them.</summary>
    public Action<string>? Log { get; init; }
}
