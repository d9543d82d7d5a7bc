using System.Text.Json.Nodes;

namespace MetaNotebooks.Runner.Notebooks;

/// <summary>One cell of a <see cref="NotebookDocument"/>, a view over its JSON.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json, int number)
    {
        Json = json;
        Number = number;
    }

    /// <summary>The cell's JSON object (edits go straight into the notebook).</summary>
    public JsonObject Json { get; }

    /// <summary>The cell's position in the notebook, counting from 1 (as errors report it).</summary>
    public int Number { get; }

    /// <summary>Code, Markdown or raw.</summary>
    public CellKind Kind => Json["cell_type"]?.GetValue<string>() switch
    {
        "code" => CellKind.Code,
        "markdown" => CellKind.Markdown,
        _ => CellKind.Raw,
    };

    /// <summary>The cell's source text (nbformat stores it as a string or a list of lines).</summary>
    public string Source
    {
        get => Json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
            JsonValue v => v.GetValue<string>(),
            _ => "",
        };
        set => Json["source"] = SplitLines(value);
    }

    /// <summary>
    /// The cell's kernel language from Polyglot metadata (<c>polyglot_notebook.kernelName</c> or
    /// <c>dotnet_interactive.language</c>); null when the cell does not say (the notebook default applies).
    /// </summary>
    public string? Language =>
        Json["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
        ?? Json["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>();

    /// <summary>The outputs array (created empty for a code cell that has none).</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? (JsonArray)(Json["outputs"] = new JsonArray());

    /// <summary>Whether the cell carries any output or execution count.</summary>
    public bool HasOutputs =>
        (Json["outputs"] is JsonArray a && a.Count > 0) || Json["execution_count"] is JsonValue;

    /// <summary>The execution count shown as <c>[n]</c>, or null.</summary>
    public int? ExecutionCount
    {
        get => Json["execution_count"] is JsonValue v ? v.GetValue<int>() : null;
        set => Json["execution_count"] = value;
    }

    /// <summary>Empties the outputs and execution count of a code cell.</summary>
    public void ClearOutputs()
    {
        if (Kind == CellKind.Code)
        {
            Json["outputs"] = new JsonArray();
            Json["execution_count"] = null;
        }
    }

    /// <summary>Splits text into nbformat's list-of-lines form (each line keeps its newline).</summary>
    public static JsonArray SplitLines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                array.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            array.Add(text[start..]);
        }
        return array;
    }
}
