using MetaNotebooks.Runner.Kernel;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner;

/// <summary>
/// What makes a notebook impossible to run, found before a kernel starts: a file that is not a notebook (malformed
/// JSON, no cells), a code cell in a language the course's kernel does not run (it runs C# only), or exercises the run
/// cannot give their code (<see cref="ExerciseCells.Problem"/>).
/// </summary>
public static class NotebookCheck
{
    /// <summary>The problem with the notebook, or null when it can run.</summary>
    public static NotebookError? Problem(string notebookPath, ExerciseMode exercises = ExerciseMode.Stubs)
    {
        var name = Path.GetFileName(notebookPath);
        NotebookDocument notebook;
        try
        {
            notebook = NotebookDocument.Load(notebookPath);
        }
        catch (InvalidDataException e)
        {
            return new NotebookError(name, 0, null, "InvalidNotebook", e.Message.Replace(notebookPath + ": ", "", StringComparison.Ordinal));
        }
        foreach (var cell in notebook.Cells.Where(c => c.Kind == CellKind.Code))
        {
            var language = LanguageOf(notebook, cell);
            if (language is not (CourseKernel.CSharp or "c#"))
            {
                return new NotebookError(name, cell.Number, null, "UnknownLanguage",
                    $"the cell is in '{language}'; the course's kernel runs C# cells only (cell metadata \"kernelName\": \"csharp\")");
            }
        }
        return ExerciseCells.Problem(notebook, notebookPath, exercises) is { } problem
            ? new NotebookError(name, 0, null, "ExerciseError", problem)
            : null;
    }

    /// <summary>The cell's language (its Polyglot metadata, else the notebook's default kernel), lower case.</summary>
    public static string LanguageOf(NotebookDocument notebook, NotebookCell cell) => (cell.Language
        ?? notebook.Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>()
        ?? notebook.Metadata["kernelspec"]?["language"]?.GetValue<string>()
        ?? CourseKernel.CSharp).ToLowerInvariant();
}
