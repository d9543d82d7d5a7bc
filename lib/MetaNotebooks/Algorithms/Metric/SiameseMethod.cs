namespace MetaNotebooks.Algorithms.Metric;

/// <summary>Siamese networks in the registry (<see cref="Learners"/>).</summary>
public static class SiameseMethod
{
    /// <summary>
    /// "siamese": Koch et al. 2015 trained the twin on verification pairs (30,000 to 150,000 pairs of the background
    /// alphabets, x8 affine distortions, 200 epochs of SGD with momentum and per-layer rates). Here the pairs come from
    /// training episodes: 20-way 5-shot 5-query gives 200 images, each paired with two same-class and two other-class images.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "siamese", "metric", "Siamese networks (Koch et al. 2015)", ["siamese-networks", "koch"], FixedHead: false,
        Quick: MethodDescription.QuickBase("siamese") with
        {
            Ways = 20, Shots = 5, Queries = 5, Steps = 400, LearningRate = 1e-3, LearningRateStepSize = 200, LearningRateGamma = 0.5,
        },
        Full: MethodDescription.FullBase("siamese") with
        {
            Ways = 20, Shots = 5, Queries = 5, Steps = 20_000, LearningRate = 1e-3, LearningRateStepSize = 2000, LearningRateGamma = 0.5,
        },
        Build: (config, _, device) => new SiameseNetworks(new SiameseOptions(Hidden: config.Hidden), device),
        Papers: PaperResults.Siamese);
}
