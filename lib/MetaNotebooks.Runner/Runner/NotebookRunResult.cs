namespace MetaNotebooks.Runner;

/// <summary>The outcome of running one notebook.</summary>
/// <param name="SourcePath">The notebook that was run.</param>
/// <param name="ExecutedPath">The executed copy (outputs, execution counts, the error if any).</param>
/// <param name="Status">Passed, failed or timed out.</param>
/// <param name="Error">Where and why it stopped; null when it passed.</param>
/// <param name="Duration">Wall-clock time, process start included.</param>
public sealed record NotebookRunResult(string SourcePath, string ExecutedPath, NotebookStatus Status, NotebookError? Error, TimeSpan Duration)
{
    /// <summary>The notebook's file name.</summary>
    public string Notebook => Path.GetFileName(SourcePath);

    /// <summary>Whether every cell ran.</summary>
    public bool Passed => Status == NotebookStatus.Passed;
}
