using MetaNotebooks.Episodes;
using TorchSharp;
using static System.FormattableString;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// The episodic meta-training step that most learners share, written once: for each task of the batch, inside its own
/// dispose scope, the learner computes the task's query loss and logits; the step back-propagates loss / T (so the
/// parameters' <c>.grad</c> hold the gradient of the mean loss over tasks) and averages the loss and the query accuracy.
/// Learners whose step differs (MAML's batched inner loop, Reptile's own update, MANN's sequences) write their own.
/// </summary>
public static class EpisodicStep
{
    /// <summary>
    /// One step over <paramref name="batch"/>: <paramref name="task"/> maps a task index t to that task's loss (a scalar)
    /// and its query logits [N*Q, N] (any scores whose arg-max is the prediction).
    /// </summary>
    public static StepResult Run(TaskBatch batch, Func<int, (Tensor Loss, Tensor Logits)> task) =>
        Run(batch.Tasks, t =>
        {
            var (loss, logits) = task(t);
            return (loss, logits, batch.QueryLabels[t]);
        });

    /// <summary>
    /// The same step over <paramref name="tasks"/> tasks given as tensors: <paramref name="task"/> maps t to its loss,
    /// its query logits and the query labels they are scored against.
    /// </summary>
    public static StepResult Run(int tasks, Func<int, (Tensor Loss, Tensor Logits, Tensor Labels)> task)
    {
        using var totals = new StepTotals();
        for (var t = 0; t < tasks; t++)
        {
            using var scope = NewDisposeScope();
            var (taskLoss, logits, labels) = task(t);
            (taskLoss / tasks).backward();
            totals.Add(taskLoss, logits, labels, 1, tasks);
        }
        return totals.Result();
    }

    /// <summary>
    /// The fraction of correct rows as a float64 scalar on the logits' device (<see cref="QueryAccuracy"/> without
    /// reading it to the host): logits [..., N], labels [...].
    /// </summary>
    public static Tensor QueryAccuracyOnDevice(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = logits.argmax(-1);
        if (!predicted.shape.SequenceEqual(labels.shape))
            throw new ArgumentException(Invariant($"Accuracy: logits [{string.Join(", ", logits.shape)}] give predictions of shape ") +
                                        Invariant($"[{string.Join(", ", predicted.shape)}], labels have shape [{string.Join(", ", labels.shape)}]."), nameof(labels));
        return predicted.eq(labels).to(ScalarType.Float64).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Fraction of rows whose arg-max over the last dim equals the label: logits [..., N], labels [...].</summary>
    public static double QueryAccuracy(Tensor logits, Tensor labels)
    {
        using var accuracy = QueryAccuracyOnDevice(logits, labels);
        return accuracy.ToDouble();
    }
}
