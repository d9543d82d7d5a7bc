namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>The result of <see cref="BaselineOptimizer.Tune"/>: the chosen optimizer and every rate's score.</summary>
/// <param name="Best">The optimizer at the rate with the lowest score.</param>
/// <param name="Rates">The rates tried.</param>
/// <param name="Scores">For each rate, the mean loss after the tuning run's steps, averaged over the training optimizees (+infinity: diverged).</param>
public sealed record BaselineTuning(BaselineOptimizer Best, double[] Rates, double[] Scores);
