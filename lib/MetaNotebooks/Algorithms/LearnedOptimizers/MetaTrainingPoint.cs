namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>One point of a learned optimizer's meta-training curve: after unroll <paramref name="Unroll"/>.</summary>
/// <param name="Unroll">Unrolls done (1-based).</param>
/// <param name="MetaLoss">The unroll's meta-loss per step, (1/T) sum_t f(theta_t), on its training functions.</param>
/// <param name="FinalLoss">f(theta_T) at the end of the unroll, on its training functions.</param>
/// <param name="LearningRate">The meta learning rate the unroll used.</param>
/// <param name="ValidationMetaLoss">The meta-loss per step on the validation functions (the optimizer run without training), when validated at this unroll.</param>
public sealed record MetaTrainingPoint(int Unroll, double MetaLoss, double FinalLoss, double LearningRate, double? ValidationMetaLoss);
