using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Notebooks;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaNotebooks.Runner.Kernel;

/// <summary>
/// One cell's outputs as nbformat output objects, built from the kernel's events in the order they happen, with the
/// values exactly as the kernel's formatters produced them: console text (consecutive writes to one stream merge, as
/// Jupyter shows them), displayed values (an update replaces the output it updates), the cell's result, and errors.
/// Thread-safe: cells may display from other threads.
/// </summary>
public sealed class CellOutputCollector
{
    private readonly List<JsonObject> _outputs = [];
    private readonly Dictionary<string, int> _displays = [];
    private readonly object _gate = new();

    /// <summary>Creates a collector for the cell run as execution <paramref name="executionCount"/>.</summary>
    public CellOutputCollector(int executionCount) => ExecutionCount = executionCount;

    /// <summary>The cell's execution count (written on its result).</summary>
    public int ExecutionCount { get; }

    /// <summary>The outputs so far (copies).</summary>
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

    /// <summary>Adds the output an event carries; events that carry none (command bookkeeping) are ignored.</summary>
    public void Observe(KernelEvent kernelEvent)
    {
        switch (kernelEvent)
        {
            case StandardOutputValueProduced stdout:
                WriteStream("stdout", Text(stdout.FormattedValues));
                break;
            case StandardErrorValueProduced stderr:
                WriteStream("stderr", Text(stderr.FormattedValues));
                break;
            case DisplayedValueUpdated updated:
                Display(updated.ValueId, Data(updated.FormattedValues), replace: true);
                break;
            case ReturnValueProduced result:
                lock (_gate)
                {
                    _outputs.Add(CellOutput.ExecuteResult(ExecutionCount, Data(result.FormattedValues)));
                }
                break;
            case DisplayedValueProduced displayed:
                Display(displayed.ValueId, Data(displayed.FormattedValues), replace: false);
                break;
            case ErrorProduced error:
                WriteStream("stderr", error.Message + "\n");
                break;
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

    /// <summary>Adds an error output.</summary>
    public void AddError(CellError error)
    {
        lock (_gate)
        {
            _outputs.Add(error.ToOutput());
        }
    }

    /// <summary>
    /// Adds a display, or replaces the one with the same id. An update whose id was never displayed (the kernel's own
    /// <c>display(...)</c> handle publishes updates under another id than its first display) is added once and then
    /// replaced by later updates.
    /// </summary>
    private void Display(string? id, IReadOnlyDictionary<string, string> data, bool replace)
    {
        lock (_gate)
        {
            if (replace && id is not null && _displays.TryGetValue(id, out var position))
            {
                _outputs[position] = CellOutput.DisplayData(data);
                return;
            }
            _outputs.Add(CellOutput.DisplayData(data));
            if (id is not null)
            {
                _displays[id] = _outputs.Count - 1;
            }
        }
    }

    private static string Text(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? values.FirstOrDefault()?.Value ?? "";

    private static IReadOnlyDictionary<string, string> Data(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new Dictionary<string, string>();
        foreach (var value in values)
        {
            data[value.MimeType] = value.Value;
        }
        return data;
    }
}
