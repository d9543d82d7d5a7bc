using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Interactive.Notebooks;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>
/// Collects one cell's outputs in the order they happen: stdout/stderr text (consecutive writes merge
/// into one stream output, as Jupyter shows them) and displayed values. Thread-safe.
/// </summary>
public sealed class CellOutputCollector : IDisplaySink
{
    private readonly List<JsonObject> _outputs = [];
    private readonly object _gate = new();

    /// <summary>The outputs so far, as nbformat output objects (copies).</summary>
    public IReadOnlyList<JsonObject> Outputs
    {
        get
        {
            lock (_gate)
            {
                return _outputs.Select(o => (JsonObject)o.DeepClone()).ToList();
            }
        }
    }

    /// <summary>Appends text to the stdout or stderr stream.</summary>
    public void WriteStream(string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        lock (_gate)
        {
            if (_outputs.Count > 0 && _outputs[^1]["output_type"]?.GetValue<string>() == "stream"
                && _outputs[^1]["name"]?.GetValue<string>() == name)
            {
                var previous = string.Concat(((JsonArray)_outputs[^1]["text"]!).Select(l => l!.GetValue<string>()));
                _outputs[^1] = CellOutput.Stream(name, previous + text);
            }
            else
            {
                _outputs.Add(CellOutput.Stream(name, text));
            }
        }
    }

    /// <inheritdoc />
    public int Publish(IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            _outputs.Add(CellOutput.DisplayData(data));
            return _outputs.Count - 1;
        }
    }

    /// <inheritdoc />
    public void Update(int position, IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            _outputs[position] = CellOutput.DisplayData(data);
        }
    }

    /// <summary>Adds the cell's result (its trailing expression's value).</summary>
    public void AddResult(int executionCount, IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            _outputs.Add(CellOutput.ExecuteResult(executionCount, data));
        }
    }

    /// <summary>Adds an error output.</summary>
    public void AddError(CellError error)
    {
        lock (_gate)
        {
            _outputs.Add(error.ToOutput());
        }
    }
}
