using static System.FormattableString;

namespace MetaNotebooks.Training;

/// <summary>A progress event, reported after every meta-training step.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in the run.</param>
/// <param name="Loss">The step's training loss.</param>
/// <param name="Accuracy">The step's training accuracy, 0..1.</param>
/// <param name="EpisodesPerSecond">Training episodes per second since this run (or resumption) started.</param>
/// <param name="ValidationAccuracy">Validation accuracy when validated at this step.</param>
/// <param name="BestValidationAccuracy">The best validation accuracy so far.</param>
public sealed record TrainingProgress(int Step, int Steps, double Loss, double Accuracy, double EpisodesPerSecond, double? ValidationAccuracy, double? BestValidationAccuracy)
{
    /// <summary>"step 120/300  loss 0.3412  acc 91.2%  val 95.1% (best 95.1%)  14.2 episodes/s": a notebook's live line.</summary>
    public override string ToString() =>
        Invariant($"step {Step}/{Steps}  loss {Loss:0.0000}  acc {100 * Accuracy:0.0}%") +
        (ValidationAccuracy is { } v ? Invariant($"  val {100 * v:0.0}%") : "") +
        (BestValidationAccuracy is { } b ? Invariant($" (best {100 * b:0.0}%)") : "") +
        Invariant($"  {EpisodesPerSecond:0.0} episodes/s");
}
