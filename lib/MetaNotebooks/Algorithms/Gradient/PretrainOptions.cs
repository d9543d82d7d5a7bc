namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>The settings of <see cref="PretrainFinetune"/>.</summary>
/// <param name="Hidden">Filters per Conv4 block (the embedding size at 28x28).</param>
/// <param name="FineTuneSteps">Full-batch Adam steps fitting each episode's new linear head on its support set.</param>
/// <param name="FineTuneLearningRate">Adam's learning rate for the new head.</param>
public sealed record PretrainOptions(int Hidden = 64, int FineTuneSteps = 100, double FineTuneLearningRate = 0.01);
