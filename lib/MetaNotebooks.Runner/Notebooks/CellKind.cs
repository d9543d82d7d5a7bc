namespace MetaNotebooks.Runner.Notebooks;

/// <summary>The nbformat cell types.</summary>
public enum CellKind
{
    /// <summary>A code cell: run by the kernel.</summary>
    Code,
    /// <summary>Prose: passes through unchanged.</summary>
    Markdown,
    /// <summary>A raw cell: passes through unchanged.</summary>
    Raw,
}
