namespace MetaNotebooks.Algorithms.Model;

/// <summary>The course's hypernetwork learner in the registry (<see cref="Learners"/>).</summary>
public static class HyperNetMethod
{
    /// <summary>
    /// "hypernet": no paper setting to copy (a learned head generator on ProtoNet's class means): ProtoNet's episodes and
    /// schedule; quick: Conv4 with 32 filters.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "hypernet", "model-based", "Hypernetwork head generator (this course)", ["hypernetwork", "hypernetworks"], FixedHead: false,
        Quick: MethodDescription.QuickBase("hypernet") with
        {
            Ways = 20, Shots = 5, Queries = 5, Steps = 300, LearningRate = 1e-3, Hidden = 32, LearningRateStepSize = 150, LearningRateGamma = 0.5,
        },
        Full: MethodDescription.FullBase("hypernet") with
        {
            Ways = 60, Shots = 5, Queries = 5, Steps = 20_000, LearningRate = 1e-3, Hidden = 64, LearningRateStepSize = 2000, LearningRateGamma = 0.5,
        },
        Build: (config, _, device) => new HyperNetworks(new HyperNetOptions(Hidden: config.Hidden), device),
        Papers: []);
}
