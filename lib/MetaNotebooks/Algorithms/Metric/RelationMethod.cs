namespace MetaNotebooks.Algorithms.Metric;

/// <summary>Relation Networks in the registry (<see cref="Learners"/>).</summary>
public static class RelationMethod
{
    /// <summary>
    /// "relation": Sung et al. 2018, Omniglot 5-way 1-shot: episodes with 19 queries per class, Adam 1e-3 halved every
    /// 100,000 episodes, 1,000,000 episodes. Quick: 5-way 1-shot with 10 queries per class (half the cost of a 19-query
    /// step: more, cheaper steps in the same time; 300 steps of 19 queries reached 77.9% validation at step 200, 800 steps
    /// of 10 queries 84.3% at step 800, still rising; 1,600 steps: 92.3% validation, 92.12% test), validated every 200
    /// steps (a relation-module pass per (query, class) pair makes validation costly).
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "relation", "metric", "Relation Networks (Sung et al. 2018)", ["relation-networks", "relationnet"], FixedHead: false,
        Quick: MethodDescription.QuickBase("relation") with
        {
            Ways = 5, Shots = 1, Queries = 10, Steps = 1600, LearningRate = 1e-3, LearningRateStepSize = 800, LearningRateGamma = 0.5, ValidateEvery = 200,
        },
        Full: MethodDescription.FullBase("relation") with
        {
            Ways = 5, Shots = 1, Queries = 19, Steps = 1_000_000, LearningRate = 1e-3, LearningRateStepSize = 100_000, LearningRateGamma = 0.5, ValidateEvery = 5000,
        },
        Build: (config, _, device) => new RelationNetworks(new RelationOptions(Hidden: config.Hidden), device),
        Papers: PaperResults.Relation);
}
