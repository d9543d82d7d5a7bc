using MetaNotebooks.Algorithms;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Training;

/// <summary>
/// The data side of a run, derived from its <see cref="TrainingConfig"/>: the class split (with rotations when the
/// config asks), the sampler of training episodes, and the fixed validation set (5-way 1-shot, 15 queries, on the
/// validation classes, seed 0; N-way for a gradient-based method trained N-way, whose head has N outputs). The same config gives the same split and episodes on every machine.
/// </summary>
public sealed class Experiment
{
    /// <summary>The split, sampler and validation set of <paramref name="config"/> over <paramref name="classes"/> (Omniglot.Classes).</summary>
    public Experiment(TrainingConfig config, IReadOnlyList<Data.OmniglotClass> classes)
    {
        config.Validate();
        Config = config;
        var split = config.Split.Trim().ToLowerInvariant() switch
        {
            "vinyals" => OmniglotSplits.Vinyals(classes, config.SplitSeed),
            "maml" => OmniglotSplits.Maml(classes, config.SplitSeed),
            _ => throw new ArgumentException($"Unknown split '{config.Split}'. Training needs a split with validation classes: vinyals or maml."),
        };
        Split = config.Rotations ? split.WithRotations() : split;
        TrainSampler = new EpisodeSampler(Split.Train, config.Ways, config.Shots, config.Queries);
        Validation = new EpisodeSet(new EpisodeSampler(Split.Validation, Algorithms.Learners.EvaluationWays(config), 1, 15), seed: 0, count: config.ValidationEpisodes);
    }

    /// <summary>The run's settings.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The class split (rotation-augmented when <see cref="TrainingConfig.Rotations"/>).</summary>
    public ClassSplit Split { get; }

    /// <summary>Draws the training episodes.</summary>
    public EpisodeSampler TrainSampler { get; }

    /// <summary>The fixed validation episodes the best checkpoint is chosen on.</summary>
    public EpisodeSet Validation { get; }
}
