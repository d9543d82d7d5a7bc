using MetaNotebooks.Data;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Episodes;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// The papers' evaluation protocol: a fixed set of 600 test episodes (seed 0, 15 queries per class) drawn from the
/// split's test classes, for each of 5-way and 20-way, 1-shot and 5-shot; accuracy is the mean over episodes with a
/// 95% interval. Every method is scored on the same episodes, everywhere.
/// </summary>
public static class TestProtocol
{
    /// <summary>Test episodes per setting.</summary>
    public const int EpisodeCount = 600;

    /// <summary>The seed of the test episodes' keys.</summary>
    public const long Seed = 0;

    /// <summary>Query images per class in test episodes.</summary>
    public const int Queries = 15;

    /// <summary>The four settings of the papers' tables: (5, 1), (5, 5), (20, 1), (20, 5).</summary>
    public static IReadOnlyList<(int Ways, int Shots)> Settings { get; } = [(5, 1), (5, 5), (20, 1), (20, 5)];

    /// <summary>The fixed test episodes of one setting (fewer than 600 only for quick checks; say so when reporting).</summary>
    public static EpisodeSet Episodes(ClassSplit split, int ways, int shots, int count = EpisodeCount) =>
        new(new EpisodeSampler(split.Test, ways, shots, Queries), Seed, count);

    /// <summary>A learner's accuracy on a fixed episode set (batches of <paramref name="tasks"/> episodes, built on the learner's device).</summary>
    public static AccuracyResult Evaluate(IFewShotLearner learner, IEpisodeSource source, EpisodeSet episodes, int tasks = 25) =>
        Accuracy.Evaluate(learner.Name, episodes, source, learner.Predict, tasks, learner.Device);

    /// <summary>The results table: one row per setting, each beside the paper's number when we carry one.</summary>
    public static IReadOnlyList<ResultRow> Table(IFewShotLearner learner, IEpisodeSource source, ClassSplit split,
        IReadOnlyList<(int Ways, int Shots)>? settings = null, int count = EpisodeCount, IProgress<ResultRow>? progress = null)
    {
        var rows = new List<ResultRow>();
        foreach (var (ways, shots) in settings ?? Settings)
        {
            var row = new ResultRow(Evaluate(learner, source, Episodes(split, ways, shots, count)), PaperResults.Find(learner.Name, ways, shots));
            rows.Add(row);
            progress?.Report(row);
        }
        return rows;
    }
}
