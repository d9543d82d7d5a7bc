namespace MetaNotebooks.Algorithms.Metric;

/// <summary>Few-shot graph neural networks in the registry (<see cref="Learners"/>).</summary>
public static class GnnMethod
{
    /// <summary>
    /// "gnn": Garcia &amp; Bruna 2018: one model per N-way K-shot setting, Adam 1e-3, one query per graph and many graphs
    /// per batch. Quick: 2 episodes of 50 query graphs per step at 3e-3 (at 1e-3 with 10 graphs per episode, 100 steps
    /// were still at chance); 200 steps gave 84% on 200 test episodes. Its output layer has one unit per class.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "gnn", "metric", "Graph neural networks (Garcia & Bruna 2018)", ["graph-neural-network"], FixedHead: true,
        Quick: MethodDescription.QuickBase("gnn") with
        {
            Ways = 5, Shots = 1, Queries = 10, Tasks = 2, Steps = 300, LearningRate = 3e-3, LearningRateStepSize = 150, LearningRateGamma = 0.5,
        },
        Full: MethodDescription.FullBase("gnn") with
        {
            Ways = 5, Shots = 1, Queries = 15, Tasks = 8, Steps = 30_000, LearningRate = 1e-3, LearningRateStepSize = 10_000, LearningRateGamma = 0.5,
        },
        Build: (config, _, device) => new GraphNeuralNetworks(new GnnOptions(Ways: config.Ways, Hidden: config.Hidden), device),
        Papers: PaperResults.Gnn);
}
