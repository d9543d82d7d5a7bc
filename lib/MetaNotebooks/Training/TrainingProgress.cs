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
/// <param name="StepsPerSecond">Meta-training steps per second since this run (or resumption) started (validations included).</param>
public sealed record TrainingProgress(int Step, int Steps, double Loss, double Accuracy, double EpisodesPerSecond, double? ValidationAccuracy,
    double? BestValidationAccuracy, double StepsPerSecond = 0)
{
    /// <summary>The time the remaining steps take at the rate so far; null before the rate is known.</summary>
    public TimeSpan? TimeLeft => StepsPerSecond > 0 ? TimeSpan.FromSeconds((Steps - Step) / StepsPerSecond) : null;

    /// <summary>"step 120/300  loss 0.3412  acc 91.2%  val 95.1% (best 95.1%)  3.6 steps/s, 14.2 episodes/s, 0:50 left": a live line.</summary>
    public override string ToString() =>
        Invariant($"step {Step}/{Steps}  loss {Loss:0.0000}  acc {100 * Accuracy:0.0}%") +
        (ValidationAccuracy is { } v ? Invariant($"  val {100 * v:0.0}%") : "") +
        (BestValidationAccuracy is { } b ? Invariant($" (best {100 * b:0.0}%)") : "") +
        (StepsPerSecond > 0 ? Invariant($"  {StepsPerSecond:0.0} steps/s,") : " ") +
        Invariant($" {EpisodesPerSecond:0.0} episodes/s") +
        (TimeLeft is { } left ? $", {Format(left)} left" : "");

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? Invariant($"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}") : Invariant($"{t.Minutes}:{t.Seconds:00}");
}
