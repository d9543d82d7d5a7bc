namespace MetaNotebooks.Runner;

/// <summary>Which code a run gives the notebook's exercises (cells marked <c>//| exercise N</c>).</summary>
public enum ExerciseMode
{
    /// <summary>The stubs as written: what a learner's first "Run All" does; every check reports "not attempted yet".</summary>
    Stubs,

    /// <summary>The reference solutions (<c>notebooks/solutions/NN-name.cs</c>) in place of the stubs; every check must pass.</summary>
    Solutions,

    /// <summary>
    /// Both, in one kernel: the exercises' cells (from the first stub to the end) run first with the stubs, and each check
    /// must report "not attempted yet", then again with the solutions, and each check must pass. The notebook tests use it.
    /// </summary>
    Both,
}
