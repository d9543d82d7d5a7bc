namespace MetaNotebooks.Runner;

/// <summary>How a notebook run ended.</summary>
public enum NotebookStatus
{
    /// <summary>Every code cell ran without error.</summary>
    Passed,
    /// <summary>A cell failed to compile or threw; the run stopped there.</summary>
    Failed,
    /// <summary>A cell ran past the cell or notebook time limit and was stopped.</summary>
    TimedOut,
}
