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
        var right = logits.argmax(-1).eq(labels).data<bool>().ToArray();
        var instance = instances.data<long>().ToArray();
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
}
