namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>The pretrain-then-fine-tune baseline in the registry (<see cref="Learners"/>).</summary>
public static class PretrainMethod
{
    /// <summary>
    /// "pretrain": classifies all 4,112 training classes, then fine-tunes a head per episode. In 300 steps each class is
    /// seen about 15 times and its loss barely moves (8.5 -> 8.3), so its quick run is longer (1,000 steps, the rate halved
    /// every 500); 500 steps at twice the rate left the loss at 8.25 and validation at 57.8%. Quick: 32 filters per block
    /// (the papers' 64 in full), a third of the convolution work, so that notebook 02 fits its budget.
    /// </summary>
    public static MethodDescription Description { get; } = new(
        "pretrain", "baseline", "Pretrain, then fine-tune a linear head (transfer baseline)", ["pretrain-finetune"], FixedHead: false,
        Quick: MethodDescription.QuickBase("pretrain") with
        {
            Ways = 20, Shots = 5, Queries = 5, Steps = 1000, LearningRate = 1e-3, Hidden = 32, LearningRateStepSize = 500, LearningRateGamma = 0.5,
        },
        Full: MethodDescription.FullBase("pretrain") with
        {
            Ways = 60, Shots = 5, Queries = 5, Steps = 20_000, LearningRate = 1e-3, Hidden = 64, LearningRateStepSize = 2000, LearningRateGamma = 0.5,
        },
        Build: (config, split, device) => new PretrainFinetune(split.Train.Classes, new PretrainOptions(Hidden: config.Hidden), device),
        Papers: []);
}
