using MetaNotebooks.Data;
using System.Text;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// One few-shot task: N classes (label i is <c>Classes[i]</c>), K support and Q query images per class, drawn by an
/// <see cref="EpisodeSampler"/> as a pure function of <see cref="Key"/>. Holds ids only; <see cref="TaskBatch"/> turns
/// episodes into tensors.
/// </summary>
/// <param name="Key">The (seed, index) that names it.</param>
/// <param name="Ways">N, the number of classes.</param>
/// <param name="Shots">K, support images per class.</param>
/// <param name="Queries">Q, query images per class.</param>
/// <param name="Classes">The classes; label i is Classes[i] (labels are assigned in a shuffled order).</param>
/// <param name="Support">N*K labelled images to adapt on.</param>
/// <param name="Query">N*Q labelled images to score on.</param>
public sealed record Episode(EpisodeKey Key, int Ways, int Shots, int Queries, IReadOnlyList<EpisodeClass> Classes, SupportSet Support, QuerySet Query)
{
    /// <summary>"Episode (seed 0, #3): 5-way 1-shot 15-query [0: Latin/character03, 1: Greek/character11 rot90, ...]".</summary>
    public override string ToString() =>
        Invariant($"Episode {Key}: {Ways}-way {Shots}-shot {Queries}-query [{string.Join(", ", Classes.Select((c, i) => $"{i}: {c}"))}]");

    /// <summary>Everything that defines the episode, on several lines: key, classes by label, support and query items.</summary>
    public string Details
    {
        get
        {
            var text = new StringBuilder();
            text.Append(ToString()).Append('\n');
            text.Append(Support).Append('\n');
            text.Append(Query);
            return text.ToString();
        }
    }
}
