namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// The trajectories of a test-time adaptation: <c>Sets[s]</c> was sampled after s policy-gradient steps (s = 0: the
/// policy as it is). Owns them.
/// </summary>
public sealed class AdaptationResult(IReadOnlyList<Trajectories> sets) : IDisposable
{
    /// <summary>One set of trajectories per number of steps taken, 0 first.</summary>
    public IReadOnlyList<Trajectories> Sets { get; } = sets;

    /// <summary>The average return after 0, 1, ... steps (over tasks and trajectories).</summary>
    public double[] AverageReturns() => Sets.Select(s => s.AverageReturn()).ToArray();

    /// <summary>Each task's return after 0, 1, ... steps: [step][task].</summary>
    public double[][] TaskReturns() => Sets.Select(s => s.TaskReturns()).ToArray();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var s in Sets) s.Dispose();
    }
}
