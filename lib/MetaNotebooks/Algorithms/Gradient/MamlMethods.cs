namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>MAML and its variants in the registry (<see cref="Learners"/>): one <see cref="Maml"/> learner, four settings.</summary>
/// <remarks>
/// Finn et al. 2017, Omniglot 5-way: one inner step of 0.4 in training, three at test, meta-batch 32, Adam 1e-3, 60,000
/// meta-iterations, 64 filters (20-way: --ways 20 --tasks 16 --inner-steps 5 --inner-lr 0.1). Quick: meta-batch 8, 200
/// steps, 32 filters (a third of the work), and alpha 0.1 (the paper's 20-way value): from a random initialisation a step
/// of 0.4 overshoots, and in 200 steps MAML reached 82.0% with it against 90.1% with 0.1, first-order MAML 54.4% against
/// 85.0% (200 test episodes each). ANIL adapts only the head, which a step of 0.4 does not overshoot (72.9% against 70.6%
/// with 0.1 after 200 steps), and its steps are cheaper, so its quick run keeps 0.4 and takes 300 steps.
/// </remarks>
public static class MamlMethods
{
    /// <summary>"maml": second-order MAML (Finn, Abbeel &amp; Levine 2017).</summary>
    public static MethodDescription Maml { get; } = Variant("maml", "MAML (Finn et al. 2017)", [], quickSteps: 200, quickInnerRate: 0.1, PaperResults.Maml);

    /// <summary>"fomaml": first-order MAML (the inner loop's second derivatives dropped).</summary>
    public static MethodDescription FirstOrder { get; } = Variant("fomaml", "First-order MAML (Finn et al. 2017)", ["first-order-maml"], quickSteps: 200, quickInnerRate: 0.1, PaperResults.FoMaml);

    /// <summary>"anil": ANIL, the inner loop adapts the head only (Raghu et al. 2020).</summary>
    public static MethodDescription Anil { get; } = Variant("anil", "ANIL (Raghu et al. 2020)", [], quickSteps: 300, quickInnerRate: 0.4, PaperResults.Anil);

    /// <summary>"metasgd": Meta-SGD, a learned step size per parameter (Li et al. 2017).</summary>
    public static MethodDescription MetaSgd { get; } = Variant("metasgd", "Meta-SGD (Li et al. 2017)", ["meta-sgd"], quickSteps: 200, quickInnerRate: 0.1, PaperResults.MetaSgd);

    private static MethodDescription Variant(string name, string title, IReadOnlyList<string> aliases, int quickSteps, double quickInnerRate, IReadOnlyList<PaperResult> papers) => new(
        name, "gradient-based", title, aliases, FixedHead: true,
        Quick: MethodDescription.QuickBase(name) with
        {
            Ways = 5, Shots = 1, Queries = 5, Tasks = 8, Steps = quickSteps, LearningRate = 1e-3, LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0,
            Hidden = 32, InnerSteps = 1, TestInnerSteps = 3, InnerLearningRate = quickInnerRate, ValidationEpisodes = 50,
        },
        Full: MethodDescription.FullBase(name) with
        {
            Ways = 5, Shots = 1, Queries = 15, Tasks = 32, Steps = 60_000, LearningRate = 1e-3, LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0,
            Hidden = 64, InnerSteps = 1, TestInnerSteps = 3, InnerLearningRate = 0.4, ValidationEpisodes = 600,
        },
        Build: (config, _, device) => new Maml(new MamlOptions(config.Ways, config.Hidden, config.InnerSteps, config.TestInnerSteps, config.InnerLearningRate,
            FirstOrder: name == "fomaml", HeadOnly: name == "anil", LearnedStepSizes: name == "metasgd"), device),
        Papers: papers);
}
