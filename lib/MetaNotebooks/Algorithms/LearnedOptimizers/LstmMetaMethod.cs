namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>Ravi &amp; Larochelle's LSTM meta-learner in the registry (<see cref="Learners"/>).</summary>
public static class LstmMetaMethod
{
    /// <summary>
    /// "lstm-meta": Ravi &amp; Larochelle 2017 report miniImageNet only (their setup: 5 or more updates, ADAM 1e-3, gradient
    /// clipping). Quick: MAML's quick episodes (meta-batch 8, 32 filters), 5 updates from an input gate of 0.1. The learner's
    /// head has one output per class.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "lstm-meta", "learned optimizer", "LSTM meta-learner (Ravi & Larochelle 2017)", ["lstm-meta-learner", "meta-learner-lstm"], FixedHead: true,
        Quick: MethodDescription.QuickBase("lstm-meta") with
        {
            Ways = 5, Shots = 1, Queries = 5, Tasks = 8, Steps = 200, LearningRate = 1e-3, LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0, Hidden = 32,
            InnerSteps = 5, TestInnerSteps = 5, InnerLearningRate = 0.1, ValidationEpisodes = 50,
        },
        Full: MethodDescription.FullBase("lstm-meta") with
        {
            Ways = 5, Shots = 1, Queries = 15, Tasks = 16, Steps = 30_000, LearningRate = 1e-3, LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0, Hidden = 64,
            InnerSteps = 5, TestInnerSteps = 5, InnerLearningRate = 0.1, ValidationEpisodes = 600,
        },
        Build: (config, _, device) => new LstmMetaLearner(new LstmMetaLearnerOptions(config.Ways, config.Hidden, config.InnerSteps, config.TestInnerSteps, config.InnerLearningRate), device),
        Papers: []);
}
