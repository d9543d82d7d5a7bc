using MetaNotebooks.Algorithms.Model;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// Accuracy by instance (Santoro et al. 2016, Table 1): over sequence steps, the fraction classified right at the
/// 1st, 2nd, ... presentation of their class in the episode. The 1st instance can only be guessed (its label has not
/// been seen yet); the later ones measure how well one or more labelled examples were remembered.
/// </summary>
public static class InstanceAccuracy
{
    /// <summary>
    /// logits [B, T, N], labels [B, T], instance numbers [B, T] (from 1) -> accuracy at instances 1..<paramref name="maxInstance"/>
    /// (element i is instance i + 1; NaN where no step has that instance), and the number of steps behind each.
    /// </summary>
    public static (double[] Accuracy, long[] Steps) Of(Tensor logits, Tensor labels, Tensor instances, int maxInstance)
    {
        Shapes.Expect(labels, nameof(labels), "[B, T]", null, null);
        Shapes.Expect(logits, nameof(logits), $"[B, T, N] with the labels' B, T = {labels.size(0)}, {labels.size(1)}", labels.size(0), labels.size(1), null);
        Shapes.Expect(instances, nameof(instances), $"[B, T] = the labels' shape", labels.size(0), labels.size(1));
        if (maxInstance < 1) throw new ArgumentOutOfRangeException(nameof(maxInstance), maxInstance, Invariant($"maxInstance must be at least 1, not {maxInstance}."));
        using var scope = NewDisposeScope();
        var right = logits.argmax(-1).eq(labels).cpu().data<bool>().ToArray();
        var instance = instances.cpu().data<long>().ToArray();
        var hits = new long[maxInstance];
        var steps = new long[maxInstance];
        for (var i = 0; i < right.Length; i++)
        {
            if (instance[i] < 1 || instance[i] > maxInstance) continue;
            steps[instance[i] - 1]++;
            if (right[i]) hits[instance[i] - 1]++;
        }
        return (hits.Zip(steps, (h, s) => s == 0 ? double.NaN : (double)h / s).ToArray(), steps);
    }

    /// <summary>
    /// The paper's score for <paramref name="mann"/>: accuracy by instance (1st .. <paramref name="maxInstance"/>-th
    /// presentation of a class, <see cref="Of"/>) over <paramref name="sequences"/> sequences (seed <paramref name="seed"/>, keys 0, 1, ...)
    /// of <paramref name="sampler"/>, in batches of <paramref name="perBatch"/>, in evaluation mode. Returns the accuracy
    /// per instance and the number of steps behind each.
    /// </summary>
    public static (double[] Accuracy, long[] Steps) Evaluate(MemoryAugmentedNetwork mann, IEpisodeSource source, SequenceSampler sampler, int sequences, int maxInstance = 10, long seed = 0, int perBatch = 50)
    {
        if (sequences < 1 || perBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(sequences), Invariant($"Score at least one sequence, in batches of at least one: sequences {sequences}, perBatch {perBatch}."));
        if (sequences % perBatch != 0)
            throw new ArgumentException(Invariant($"sequences ({sequences}) must be a multiple of perBatch ({perBatch}), so that sequence i is always the same one: e.g. {perBatch * Math.Max(1, sequences / perBatch)}."), nameof(sequences));
        using var evaluation = mann.EvaluationMode();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (logits, labels, instances) = (new List<Tensor>(), new List<Tensor>(), new List<Tensor>());
        for (var i = 0; i < sequences / perBatch; i++)
        {
            using var batch = sampler.Batch(source, seed, batchIndex: i, count: perBatch, device: ((Algorithms.IFewShotLearner)mann).Device);
            logits.Add(mann.SequenceLogits(batch));
            labels.Add(batch.Labels.alias());
            instances.Add(batch.Instances.alias());
        }
        return Of(cat(logits), cat(labels), cat(instances), maxInstance);
    }
}
