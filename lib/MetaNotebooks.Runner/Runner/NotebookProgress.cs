namespace MetaNotebooks.Runner;

/// <summary>A progress report from a running notebook: which code cell (of how many) is running.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Cell">The cell's position in the notebook, from 1.</param>
/// <param name="CodeCellIndex">How many code cells have started, this one included.</param>
/// <param name="CodeCellCount">The notebook's code cells.</param>
public sealed record NotebookProgress(string Notebook, int Cell, int CodeCellIndex, int CodeCellCount);
