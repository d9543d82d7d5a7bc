namespace MetaNotebooks.Algorithms.Metric;

/// <summary>Prototypical Networks in the registry (<see cref="Learners"/>): name, budgets, papers.</summary>
public static class ProtoNetMethod
{
    /// <summary>
    /// "protonet": the paper's 60-way episodes, Adam 1e-3 halved every 2,000 episodes; quick: 20-way, 300 steps.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "protonet", "metric", "Prototypical Networks (Snell et al. 2017)", ["prototypical"], FixedHead: false,
        Quick: MethodDescription.QuickBase("protonet") with
        {
            Ways = 20, Shots = 5, Queries = 5, Steps = 300, LearningRate = 1e-3, LearningRateStepSize = 150, LearningRateGamma = 0.5,
        },
        Full: MethodDescription.FullBase("protonet") with
        {
            Ways = 60, Shots = 5, Queries = 5, Steps = 20_000, LearningRate = 1e-3, LearningRateStepSize = 2000, LearningRateGamma = 0.5,
        },
        Build: (config, _, device) => new PrototypicalNetworks(new ProtoNetOptions(Hidden: config.Hidden), device),
        Papers: PaperResults.ProtoNet);
}
