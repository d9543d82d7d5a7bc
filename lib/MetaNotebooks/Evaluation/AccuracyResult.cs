using static System.FormattableString;
namespace MetaNotebooks.Evaluation;

/// <summary>
/// A method's accuracy over a fixed episode set: the mean of the per-episode accuracies and its 95% confidence
/// half-width, 1.96 * sd / sqrt(episodes) (sd with the n - 1 denominator). Fractions in [0, 1]; printed as percents.
/// </summary>
/// <param name="Method">The method's name, e.g. "ProtoNet".</param>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
/// <param name="Episodes">How many episodes were scored.</param>
/// <param name="Mean">Mean accuracy, 0..1.</param>
/// <param name="Ci95">Half-width of the 95% confidence interval, 0..1.</param>
public sealed record AccuracyResult(string Method, int Ways, int Shots, int Episodes, double Mean, double Ci95)
{
    /// <summary>
    /// The per-episode accuracies the mean and interval were computed from, in episode order (null when the result was
    /// built from its summary alone). Not part of equality: two results are equal when their summaries are.
    /// </summary>
    public IReadOnlyList<double>? PerEpisode { get; init; }

    /// <summary>Query images per episode (N x queries per class), when known: a per-episode accuracy times it is the count of correct queries.</summary>
    public int? Queries { get; init; }

    /// <summary>The fingerprint of the episode set scored (<see cref="EpisodeSet.Fingerprint"/>), when known.</summary>
    public string? TestSet { get; init; }

    /// <summary>Equal when method, setting, episodes, mean and interval are.</summary>
    public bool Equals(AccuracyResult? other) =>
        other is not null && (Method, Ways, Shots, Episodes, Mean, Ci95) == (other.Method, other.Ways, other.Shots, other.Episodes, other.Mean, other.Ci95);

    /// <summary>Hash of the summary (<see cref="Equals(AccuracyResult?)"/>).</summary>
    public override int GetHashCode() => HashCode.Combine(Method, Ways, Shots, Episodes, Mean, Ci95);

    /// <summary>Lower end of the interval.</summary>
    public double Low => Mean - Ci95;

    /// <summary>Upper end of the interval.</summary>
    public double High => Mean + Ci95;

    /// <summary>"ProtoNet 5-way 1-shot: 98.12% ± 0.31% (600 episodes)".</summary>
    public override string ToString() =>
        Invariant($"{Method} {Ways}-way {Shots}-shot: {100 * Mean:0.00}% ± {100 * Ci95:0.00}% ({Episodes} episodes)");
}
