namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>Reptile in the registry (<see cref="Learners"/>).</summary>
public static class ReptileMethod
{
    /// <summary>
    /// "reptile": Nichol et al. 2018, Omniglot: 5 inner Adam steps (lr 1e-3) on each task, epsilon 1 -> 0 (the trainer's
    /// SGD rate 1 with a linear schedule), meta-batch 5,
    /// 50 inner steps at test, 100,000 iterations, 64 filters. Quick: 300 steps, 32 filters, 3 images per class per task
    /// (1 + 2 queries), since each of the 5 inner steps runs on all of a task's images, and an inner rate of 3e-3 (200
    /// steps reached 72.8% with it, 69.0% with 1e-3; 200 test episodes each).
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "reptile", "gradient-based", "Reptile (Nichol et al. 2018)", [], FixedHead: true,
        Quick: MethodDescription.QuickBase("reptile") with
        {
            Ways = 5, Shots = 1, Queries = 2, Tasks = 5, Steps = 300, LearningRate = 1.0, Schedule = LearningRateSchedule.Linear, Hidden = 32,
            InnerSteps = 5, TestInnerSteps = 20, InnerLearningRate = 3e-3, ValidationEpisodes = 50,
        },
        Full: MethodDescription.FullBase("reptile") with
        {
            Ways = 5, Shots = 1, Queries = 10, Tasks = 5, Steps = 100_000, LearningRate = 1.0, Schedule = LearningRateSchedule.Linear, Hidden = 64,
            InnerSteps = 5, TestInnerSteps = 50, InnerLearningRate = 1e-3, ValidationEpisodes = 600,
        },
        Build: (config, _, device) => new Reptile(new ReptileOptions(config.Ways, config.Hidden, config.InnerSteps, config.TestInnerSteps, config.InnerLearningRate), device),
        Papers: PaperResults.Reptile);
}
