namespace MetaNotebooks.Algorithms.Model;

/// <summary>Meta Networks in the registry (<see cref="Learners"/>).</summary>
public static class MetaNetMethod
{
    /// <summary>
    /// "metanet": Munkhdalai &amp; Yu 2017, Omniglot 5-way 1-shot (their 20-way: --ways 20); quick: 4 tasks a step (with 32
    /// filters it stayed near chance: 33.8% validation after 300 steps). Its base learner has one output per class.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "metanet", "model-based", "Meta Networks (Munkhdalai & Yu 2017)", ["meta-networks"], FixedHead: true,
        Quick: MethodDescription.QuickBase("metanet") with
        {
            Ways = 5, Shots = 1, Queries = 5, Tasks = 4, Steps = 300, LearningRate = 1e-3, LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0, ValidationEpisodes = 50,
        },
        Full: MethodDescription.FullBase("metanet") with
        {
            Ways = 5, Shots = 1, Queries = 15, Tasks = 16, Steps = 40_000, LearningRate = 1e-3, LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0, ValidationEpisodes = 600,
        },
        Build: (config, _, device) => new MetaNetworks(new MetaNetOptions(Ways: config.Ways, Hidden: config.Hidden), device),
        Papers: PaperResults.MetaNet);
}
