namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>The settings of <see cref="Reptile"/> (Nichol, Achiam &amp; Schulman 2018; Omniglot values of its appendix where they fit).</summary>
/// <param name="Ways">N: the head's size; every task batch must have this many classes.</param>
/// <param name="Hidden">Filters per Conv4 block.</param>
/// <param name="InnerSteps">Inner Adam steps per task in meta-training (5 in the paper).</param>
/// <param name="TestInnerSteps">Inner Adam steps at test time (50 in the paper).</param>
/// <param name="InnerLearningRate">The inner Adam's learning rate (0.001 in the paper).</param>
/// <param name="OuterStepSize">epsilon at step 0; it falls linearly to 0 at <paramref name="AnnealSteps"/> (1.0 in the paper).</param>
/// <param name="AnnealSteps">The step at which epsilon reaches 0 (the run's length).</param>
/// <param name="SgdInnerLoop">Plain SGD instead of Adam in the inner loop (the setting of the paper's analysis, where
/// one step's direction is exactly the task gradient times the learning rate).</param>
public sealed record ReptileOptions(int Ways = 5, int Hidden = 64, int InnerSteps = 5, int TestInnerSteps = 50, double InnerLearningRate = 1e-3,
    double OuterStepSize = 1.0, int AnnealSteps = 100_000, bool SgdInnerLoop = false);
