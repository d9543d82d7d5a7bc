using MetaNotebooks.Algorithms;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>Accuracy of few-shot predictions: per episode, and summarised over a fixed episode set with a 95% interval.</summary>
public static class Accuracy
{
    /// <summary>Fraction of rows whose arg-max over the last dim equals the label: logits [..., N], labels [...] (the function the training step uses, <see cref="EpisodicStep.QueryAccuracy"/>).</summary>
    public static double Of(Tensor logits, Tensor labels) => EpisodicStep.QueryAccuracy(logits, labels);

    /// <summary>Per-task accuracies: logits [T, M, N] against labels [T, M] give T fractions.</summary>
    public static double[] PerTask(Tensor logits, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        var predicted = logits.argmax(-1);
        if (!predicted.shape.SequenceEqual(labels.shape) || labels.dim() != 2)
            throw new ArgumentException(Invariant($"Accuracy.PerTask wants logits [T, M, N] and labels [T, M], got logits [{string.Join(", ", logits.shape)}] ") +
                                        Invariant($"and labels [{string.Join(", ", labels.shape)}]."), nameof(labels));
        return predicted.eq(labels).to(ScalarType.Float64).mean([1]).cpu().data<double>().ToArray();
    }

    /// <summary>Mean and 95% interval of per-episode accuracies (each 0..1), which the result keeps (<see cref="AccuracyResult.PerEpisode"/>).</summary>
    public static AccuracyResult Summarize(string method, int ways, int shots, IReadOnlyList<double> perEpisode)
    {
        if (perEpisode.Count == 0) throw new ArgumentException("Accuracy.Summarize needs at least one episode's accuracy.", nameof(perEpisode));
        var n = perEpisode.Count;
        var mean = perEpisode.Average();
        var sd = n > 1 ? Math.Sqrt(perEpisode.Sum(a => (a - mean) * (a - mean)) / (n - 1)) : 0.0;
        return new AccuracyResult(method, ways, shots, n, mean, 1.96 * sd / Math.Sqrt(n)) { PerEpisode = [.. perEpisode] };
    }

    /// <summary>
    /// Scores a method on every episode of <paramref name="set"/>: <paramref name="predict"/> maps a task batch to query
    /// logits [T, N*Q, N]; batches of <paramref name="tasks"/> episodes, each inside a dispose scope, built on
    /// <paramref name="device"/> (<see cref="Devices.Default"/> when null; the learner's own device, <see cref="IFewShotLearner.Device"/>).
    /// </summary>
    public static AccuracyResult Evaluate(string method, EpisodeSet set, IEpisodeSource source, Func<TaskBatch, Tensor> predict, int tasks = 50, Device? device = null)
    {
        var scores = new List<double>(set.Count);
        foreach (var batch in set.Batches(source, tasks, device))
        {
            using (batch)
            using (torch.NewDisposeScope())
            {
                scores.AddRange(PerTask(predict(batch), batch.QueryLabels));
            }
        }
        return Summarize(method, set.Sampler.Ways, set.Sampler.Shots, scores) with
        {
            Queries = set.Sampler.Ways * set.Sampler.Queries,
            TestSet = set.Fingerprint,
        };
    }
}
