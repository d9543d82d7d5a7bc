namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>What the meta-learner's gates did at one update: the mean input and forget gate over each parameter tensor.</summary>
/// <param name="Step">The update, 1..T.</param>
/// <param name="Input">Mean i_t per parameter tensor, in the learner's <c>named_parameters()</c> order.</param>
/// <param name="Forget">Mean f_t per parameter tensor, same order.</param>
public sealed record GateValues(int Step, IReadOnlyList<double> Input, IReadOnlyList<double> Forget);
