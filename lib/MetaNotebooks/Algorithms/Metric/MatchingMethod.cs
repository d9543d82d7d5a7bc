namespace MetaNotebooks.Algorithms.Metric;

/// <summary>Matching Networks in the registry (<see cref="Learners"/>).</summary>
public static class MatchingMethod
{
    /// <summary>
    /// "matching": Vinyals et al. 2016 train on episodes shaped like the test's (one model per N-way K-shot setting) and do
    /// not list their optimiser settings; Adam 1e-3 here. Quick: 20-way 1-shot episodes (more ways than the test, as
    /// ProtoNet trains), 300 steps (93.3% on the 600 5-way 1-shot test episodes; 400 steps kept the step-300 state). Full
    /// context embeddings are off (build <see cref="MatchingNetworks"/> with FullContextEmbeddings: true for FCE).
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "matching", "metric", "Matching Networks (Vinyals et al. 2016)", ["matching-networks", "matchingnet"], FixedHead: false,
        Quick: MethodDescription.QuickBase("matching") with
        {
            Ways = 20, Shots = 1, Queries = 5, Steps = 300, LearningRate = 1e-3, LearningRateStepSize = 200, LearningRateGamma = 0.5,
        },
        Full: MethodDescription.FullBase("matching") with
        {
            Ways = 5, Shots = 1, Queries = 15, Steps = 20_000, LearningRate = 1e-3, LearningRateStepSize = 5000, LearningRateGamma = 0.5,
        },
        Build: (config, _, device) => new MatchingNetworks(new MatchingOptions(Hidden: config.Hidden), device),
        Papers: PaperResults.Matching);
}
