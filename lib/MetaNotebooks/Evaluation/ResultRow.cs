using MetaNotebooks.Algorithms;
using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>One row of a results table: our accuracy on the fixed test episodes beside the paper's, when known.</summary>
/// <param name="Ours">Our mean accuracy and 95% interval.</param>
/// <param name="Paper">The paper's reported number, or null.</param>
public sealed record ResultRow(AccuracyResult Ours, PaperResult? Paper)
{
    /// <summary>Ours minus the paper's accuracy (0..1 units), or null.</summary>
    public double? Gap => Paper is null ? null : Ours.Mean - Paper.Accuracy;

    /// <summary>"ProtoNet 5-way 1-shot: 96.10% ± 0.52% (600 episodes) | paper 98.8%".</summary>
    public override string ToString() => Ours + (Paper is null ? "" : Invariant($" | paper {100 * Paper.Accuracy:0.0}%"));
}
