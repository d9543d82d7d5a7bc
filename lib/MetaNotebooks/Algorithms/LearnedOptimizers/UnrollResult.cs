namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>What one run of an optimizer on an optimizee gave.</summary>
/// <param name="Losses">The mean loss at theta_0, theta_1, ..., theta_T (T + 1 values; the mean over the optimizee's functions).</param>
public sealed record UnrollResult(double[] Losses)
{
    /// <summary>T, the number of steps taken.</summary>
    public int Steps => Losses.Length - 1;

    /// <summary>The meta-loss per step: (1/T) sum over t = 1..T of f(theta_t), the quantity meta-training minimises (w_t = 1).</summary>
    public double MetaLoss => Losses.Skip(1).Average();

    /// <summary>f(theta_T), the loss where the run ended.</summary>
    public double Final => Losses[^1];
}
