namespace MetaNotebooks.Algorithms.Model;

/// <summary>Memory-augmented neural networks in the registry (<see cref="Learners"/>).</summary>
public static class MannMethod
{
    /// <summary>
    /// "mann": Santoro et al. 2016: 5-way episodes of 10 instances per class (50 steps), batch 16, RMSProp 1e-4, 100,000
    /// episodes, a 200-unit controller. Here each 5-way 5-shot 5-query task is one 50-step sequence; quick: 450 steps,
    /// batch 8, Adam 3e-3 (gradients clipped at 10), Conv4 with 16 filters and a 64-unit controller. The paper's 200 units
    /// left the loss near ln 5 through 300 quick steps; with the prototype loss, 450 steps at 1 thread gave (validation,
    /// 5-way 5-shot, 10th instance) 32 units 56.5 / 62.8 / 61.6 (2 threads), 64 units 67.8 / 71.2 / 68.4 (seed 1: 67.2 /
    /// 77.0 / 75.8), 128 units 53.5 / 61.3 / 58.0. The convolutions are most of a step's cost: with the 64-unit controller
    /// 16 filters gave (1 thread, seed 0) 69.0 / 75.7 / 72.0 in 156 CPU s, 32 filters 67.8 / 71.2 / 68.4 in 205 CPU s; 600
    /// steps of 16 filters 69.4 / 76.4 / 73.6. A learning rate cut to 0.3x at step 300 (32 filters) gave 62.9 / 69.6 / 68.4.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "mann", "model-based", "Memory-augmented neural network (Santoro et al. 2016)", ["memory-augmented"], FixedHead: true,
        Quick: MethodDescription.QuickBase("mann") with
        {
            Ways = 5, Shots = 5, Queries = 5, Tasks = 8, Steps = 450, LearningRate = 3e-3, Hidden = 16, ControllerSize = 64,
            LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0, ValidationEpisodes = 50,
        },
        Full: MethodDescription.FullBase("mann") with
        {
            Ways = 5, Shots = 5, Queries = 5, Tasks = 16, Steps = 100_000, LearningRate = 3e-3, Hidden = 64, ControllerSize = 200,
            LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0, ValidationEpisodes = 600,
        },
        Build: (config, _, device) => new MemoryAugmentedNetwork(new MannOptions(Ways: config.Ways, Hidden: config.Hidden, ControllerSize: config.ControllerSize), device),
        Papers: PaperResults.Mann);
}
