namespace MetaNotebooks.Runner;

/// <summary>Where and why a notebook stopped: notebook, cell number (from 1), line in the cell, message.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Cell">The cell's position in the notebook, from 1 (markdown cells count); 0 when the notebook as a whole is at fault.</param>
/// <param name="Line">The line within the cell, from 1, when known.</param>
/// <param name="Name">The error kind (<c>CompilationError</c>, an exception type, <c>TimeoutError</c>, <c>KernelDied</c>, <c>InvalidNotebook</c>, <c>UnknownLanguage</c>).</param>
/// <param name="Message">The message.</param>
public sealed record NotebookError(string Notebook, int Cell, int? Line, string Name, string Message)
{
    /// <summary><c>02-x.ipynb: cell 4, line 3: InvalidOperationException: ...</c> (one line).</summary>
    public override string ToString() =>
        $"{Notebook}: {(Cell > 0 ? $"cell {Cell}{(Line is { } l ? $", line {l}" : "")}: " : "")}{Name}: {Message.ReplaceLineEndings(" ")}";
}
