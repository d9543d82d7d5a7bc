using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// Two methods compared on the same episodes: the per-episode difference a - b, its mean, and the 95% interval of that
/// mean (1.96 sd / sqrt(n), sd with n - 1). Pairing removes the variation of the episodes themselves (an easy episode is
/// easy for both), so the interval is usually far narrower than either method's own. Percent when the inputs are.
/// </summary>
/// <param name="A">The first method.</param>
/// <param name="B">The second method.</param>
/// <param name="Episodes">Episodes compared.</param>
/// <param name="MeanDifference">Mean of a - b over the episodes (equal to mean(a) - mean(b) up to rounding).</param>
/// <param name="Ci95">Half-width of the 95% interval of the mean difference.</param>
public sealed record PairedComparison(string A, string B, int Episodes, double MeanDifference, double Ci95)
{
    /// <summary>Whether the interval excludes 0: the difference is not explained by the choice of episodes.</summary>
    public bool Significant => Math.Abs(MeanDifference) > Ci95;

    /// <summary>Compares <paramref name="a"/> and <paramref name="b"/>, accuracies on the same episodes in the same order.</summary>
    public static PairedComparison Of(string nameA, IReadOnlyList<double> a, string nameB, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
            throw new ArgumentException(Invariant($"A paired comparison needs both methods on the same episodes: {nameA} has {a.Count}, {nameB} has {b.Count}."), nameof(b));
        if (a.Count < 2) throw new ArgumentException(Invariant($"A paired comparison needs at least 2 episodes, not {a.Count}."), nameof(a));
        var differences = a.Zip(b, (x, y) => x - y).ToArray();
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1));
        return new PairedComparison(nameA, nameB, differences.Length, mean, 1.96 * sd / Math.Sqrt(differences.Length));
    }

    /// <summary>Compares two results files scored on the same test set (their fingerprints must agree), in percent.</summary>
    public static PairedComparison Of(ResultRecord a, ResultRecord b)
    {
        if (a.Correct is null || b.Correct is null || a.Queries is null || b.Queries is null)
            throw new ArgumentException($"{a.Method} and {b.Method}: a paired comparison needs both results' per-episode counts.");
        if (a.TestSet != b.TestSet || a.Setting != b.Setting)
            throw new ArgumentException($"{a.Method} ({a.Setting}, test set {a.TestSet}) and {b.Method} ({b.Setting}, test set {b.TestSet}) were not scored on the same episodes.");
        return Of(a.Method, [.. a.Correct.Select(c => 100.0 * c / a.Queries.Value)], b.Method, [.. b.Correct.Select(c => 100.0 * c / b.Queries.Value)]);
    }

    /// <summary>"protonet - maml: +1.20 ± 0.45 points over 600 episodes (significant)".</summary>
    public override string ToString() =>
        Invariant($"{A} - {B}: {MeanDifference:+0.00;-0.00} ± {Ci95:0.00} over {Episodes} episodes ({(Significant ? "significant" : "within noise")})");
}
