namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>The settings of <see cref="LstmMetaLearner"/> (Ravi &amp; Larochelle 2017).</summary>
/// <param name="Ways">N: the learner's head size; every task batch must have this many classes.</param>
/// <param name="Hidden">Filters per Conv4 block of the learner.</param>
/// <param name="InnerSteps">T: the meta-learner's updates of the learner on the support set in meta-training.</param>
/// <param name="TestInnerSteps">The updates at test time (the paper uses the training T).</param>
/// <param name="InitialInputGate">What the input gate (the learned learning rate) starts at: its bias is the logit of this.</param>
/// <param name="InitialForgetGate">What the forget gate (the learned decay) starts at: its bias is the logit of this,
/// so the first updates are close to SGD with a step of <paramref name="InitialInputGate"/>.</param>
/// <param name="GateLearningRate">The meta-optimizer's learning rate for the gates' fourteen weights (null: the trainer's, as for c_0).
/// Shared by every coordinate, they move slowly at c_0's rate.</param>
/// <param name="PreprocessingScale">p of the gradient and loss preprocessing (<see cref="GradientPreprocessing"/>; 10 in the paper).</param>
public sealed record LstmMetaLearnerOptions(int Ways = 5, int Hidden = 64, int InnerSteps = 5, int TestInnerSteps = 5, double InitialInputGate = 0.1,
    double InitialForgetGate = 0.99, double? GateLearningRate = 1e-2, double PreprocessingScale = GradientPreprocessing.DefaultP);
