using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaNotebooks.Runner.Notebooks;

/// <summary>
/// An nbformat 4 notebook (<c>.ipynb</c>) in the Polyglot Notebooks format, kept as JSON so that fields
/// this code does not know survive a load and save unchanged.
/// </summary>
public sealed class NotebookDocument
{
    private readonly JsonObject _root;

    private NotebookDocument(JsonObject root, string? path)
    {
        _root = root;
        Path = path;
        if (_root["cells"] is not JsonArray cells)
        {
            throw new InvalidDataException($"{path ?? "notebook"}: not an nbformat 4 notebook (no 'cells' array).");
        }
        Cells = cells.Select((c, i) => new NotebookCell(c as JsonObject
            ?? throw new InvalidDataException($"{path}: cell {i + 1} is not an object."), i + 1)).ToList();
    }

    /// <summary>The file the notebook was read from, if any.</summary>
    public string? Path { get; }

    /// <summary>The notebook's file name without extension, e.g. <c>03-maml</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path ?? "notebook");

    /// <summary>The cells in order; <see cref="NotebookCell.Number"/> counts from 1.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The notebook-level metadata object (kernelspec, language_info, polyglot_notebook, ...).</summary>
    public JsonObject Metadata => _root["metadata"] as JsonObject ?? (JsonObject)(_root["metadata"] = new JsonObject());

    /// <summary>The kernelspec name, <c>.net-csharp</c> for Polyglot C# notebooks.</summary>
    public string? KernelName => Metadata["kernelspec"]?["name"]?.GetValue<string>();

    /// <summary>The notebook's title: the first Markdown heading, else the file name.</summary>
    public string Title
    {
        get
        {
            foreach (var cell in Cells.Where(c => c.Kind == CellKind.Markdown))
            {
                foreach (var line in cell.Source.Split('\n'))
                {
                    var t = line.Trim();
                    if (t.StartsWith('#'))
                    {
                        return t.TrimStart('#').Trim();
                    }
                }
            }
            return Name;
        }
    }

    /// <summary>The notebook's goal: the first paragraph of prose after the title (plain text, may be empty).</summary>
    public string Summary
    {
        get
        {
            var first = Cells.FirstOrDefault(c => c.Kind == CellKind.Markdown)?.Source ?? "";
            var paragraph = first.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Trim())
                .FirstOrDefault(p => p.Length > 0 && !p.StartsWith('#'));
            return paragraph is null ? "" : string.Join(' ', paragraph.Split('\n', StringSplitOptions.TrimEntries));
        }
    }

    /// <summary>Reads a notebook from disk.</summary>
    public static NotebookDocument Load(string path)
    {
        var text = File.ReadAllText(path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e);
        }
        return new NotebookDocument(node as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object."), path);
    }

    /// <summary>Parses notebook JSON text.</summary>
    public static NotebookDocument Parse(string json, string? path = null) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("Not a JSON object."), path);

    /// <summary>A deep copy (e.g. the executed copy of a source notebook).</summary>
    public NotebookDocument Clone() => new((JsonObject)_root.DeepClone(), Path);

    /// <summary>Removes every output and execution count (how notebooks are committed).</summary>
    public void ClearOutputs()
    {
        foreach (var cell in Cells)
        {
            cell.ClearOutputs();
        }
    }

    /// <summary>The notebook as nbformat JSON text (one-space indent, as Jupyter writes it).</summary>
    public string ToJson()
    {
        _root["nbformat"] = 4;
        _root["nbformat_minor"] ??= 5;
        if (_root["nbformat_minor"]!.GetValue<int>() >= 5)
        {
            // nbformat 4.5 requires a unique id on every cell.
            var used = new HashSet<string>();
            foreach (var cell in Cells)
            {
                var id = cell.Json["id"]?.GetValue<string>();
                if (string.IsNullOrEmpty(id) || !used.Add(id))
                {
                    id = $"cell-{cell.Number}";
                    for (var k = 2; !used.Add(id); k++)
                    {
                        id = $"cell-{cell.Number}-{k}";
                    }
                    cell.Json["id"] = id;
                }
            }
        }
        return _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1 }) + "\n";
    }

    /// <summary>Writes the notebook atomically (temp file, then rename).</summary>
    public void Save(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(tmp, ToJson(), new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }
}
