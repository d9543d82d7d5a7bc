using static System.FormattableString;

namespace MetaNotebooks.Algorithms;

/// <summary>An accuracy a paper reports, to print beside ours.</summary>
/// <param name="Method">The method's name as in our tables ("ProtoNet").</param>
/// <param name="Paper">The citation, e.g. "Snell et al. 2017".</param>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
/// <param name="Accuracy">The reported mean accuracy, 0..1.</param>
public sealed record PaperResult(string Method, string Paper, int Ways, int Shots, double Accuracy)
{
    /// <summary>"ProtoNet 5-way 1-shot: 98.8% (Snell et al. 2017)".</summary>
    public override string ToString() => Invariant($"{Method} {Ways}-way {Shots}-shot: {100 * Accuracy:0.0}% ({Paper})");
}
