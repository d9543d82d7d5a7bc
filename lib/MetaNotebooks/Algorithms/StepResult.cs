using static System.FormattableString;

namespace MetaNotebooks.Algorithms;

/// <summary>What one meta-training step measured: mean loss and mean query accuracy (0..1) over the batch's tasks.</summary>
/// <param name="Loss">The meta-loss, averaged over tasks.</param>
/// <param name="Accuracy">Query accuracy during the step (before the update), averaged over tasks.</param>
public readonly record struct StepResult(double Loss, double Accuracy)
{
    /// <summary>"loss 0.4123, accuracy 87.33%".</summary>
    public override string ToString() => Invariant($"loss {Loss:0.0000}, accuracy {100 * Accuracy:0.00}%");
}
