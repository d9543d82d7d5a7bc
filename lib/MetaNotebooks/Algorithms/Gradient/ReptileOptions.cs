namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>The settings of <see cref="Reptile"/> (its outer step size epsilon is the trainer's learning rate and schedule: see <see cref="Reptile"/>) (Nichol, Achiam &amp; Schulman 2018; Omniglot values of its appendix where they fit).</summary>
/// <param name="Ways">N: the head's size; every task batch must have this many classes.</param>
/// <param name="Hidden">Filters per Conv4 block.</param>
/// <param name="InnerSteps">Inner Adam steps per task in meta-training (5 in the paper).</param>
/// <param name="TestInnerSteps">Inner Adam steps at test time (50 in the paper).</param>
/// <param name="InnerLearningRate">The inner Adam's learning rate (0.001 in the paper).</param>
/// <param name="SgdInnerLoop">Plain SGD instead of Adam in the inner loop (the setting of the paper's analysis, where
/// one step's direction is exactly the task gradient times the learning rate).</param>
public sealed record ReptileOptions(int Ways = 5, int Hidden = 64, int InnerSteps = 5, int TestInnerSteps = 50, double InnerLearningRate = 1e-3,
    bool SgdInnerLoop = false);
