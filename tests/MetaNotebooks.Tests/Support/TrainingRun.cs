using MetaNotebooks.Algorithms;
using MetaNotebooks.DataProbe;
using MetaNotebooks.Training;

namespace MetaNotebooks.Tests;

/// <summary>
/// One meta-training run on the full Omniglot as the CLI makes it: the config's experiment (split, sampler, validation
/// set), a learner from the registry seeded with the config's seed, and a <see cref="MetaTrainer"/> at step 0.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    public TrainingRun(OmniglotFixture fixture, TrainingConfig config, Device? device = null)
    {
        Experiment = new Experiment(config, fixture.Omniglot.Classes);
        torch.manual_seed(config.Seed);
        Learner = Learners.Create(config, Experiment.Split, device);
        Trainer = new MetaTrainer(Learner, fixture.Omniglot, Experiment);
    }

    public Experiment Experiment { get; }

    public IFewShotLearner Learner { get; }

    public MetaTrainer Trainer { get; }

    /// <summary>SHA-256 over every tensor of the learner's state (parameters, batch-norm statistics, extra state): name, dtype, shape and bytes.</summary>
    public string StateHash() => SeededTraining.StateHash(Learner.state_dict());

    public void Dispose()
    {
        Trainer.Dispose();
        Learner.Dispose();
    }
}
