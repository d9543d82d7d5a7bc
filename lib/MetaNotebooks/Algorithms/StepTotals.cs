using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// The loss and query accuracy of a step's tasks (or passes of tasks), kept as scalars on the device and read to the
/// host once, when the step ends (<see cref="Result"/>): one synchronisation per step instead of two per task, which
/// on a GPU would stall the queue of kernels. The host adds the parts in order, value * count / total, as a running
/// double sum did before.
/// </summary>
public sealed class StepTotals : IDisposable
{
    private readonly List<(Tensor Loss, Tensor Accuracy, double Count, double Total)> _parts = [];

    /// <summary>
    /// Adds a part: its mean <paramref name="loss"/> (a scalar) and the accuracy of <paramref name="logits"/> against
    /// <paramref name="labels"/>, weighted count / total (1 / T for one task of T).
    /// </summary>
    public void Add(Tensor loss, Tensor logits, Tensor labels, double count, double total)
    {
        using var noGrad = no_grad();
        _parts.Add((loss.detach().to(ScalarType.Float64).DetachFromDisposeScope(),
            EpisodicStep.QueryAccuracyOnDevice(logits, labels).DetachFromDisposeScope(), count, total));
    }

    /// <summary>The step's mean loss and accuracy: the parts' values read in one transfer and summed with their weights.</summary>
    public StepResult Result()
    {
        if (_parts.Count == 0) throw new InvalidOperationException("A step with no tasks has no loss: add at least one part first.");
        using var scope = NewDisposeScope();
        var values = stack(_parts.SelectMany(p => new[] { p.Loss.reshape(1), p.Accuracy.reshape(1) })).cpu().data<double>().ToArray();
        double loss = 0, accuracy = 0;
        for (var i = 0; i < _parts.Count; i++)
        {
            loss += values[2 * i] * _parts[i].Count / _parts[i].Total;
            accuracy += values[2 * i + 1] * _parts[i].Count / _parts[i].Total;
        }
        return new StepResult(loss, accuracy);
    }

    /// <summary>Frees the kept scalars.</summary>
    public void Dispose()
    {
        foreach (var (loss, accuracy, _, _) in _parts)
        {
            loss.Dispose();
            accuracy.Dispose();
        }
        _parts.Clear();
    }
}
