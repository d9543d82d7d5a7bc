using MetaNotebooks.Episodes;

namespace MetaNotebooks.Algorithms;

/// <summary>The gradient-based learners' classifier has a fixed number of outputs: every task batch must have that many classes.</summary>
internal static class HeadWays
{
    /// <summary>Throws an <see cref="ArgumentException"/> saying what to do when <paramref name="batch"/> is not <paramref name="ways"/>-way.</summary>
    public static void Require(TaskBatch batch, int ways, string learner, string options)
    {
        if (batch.Ways != ways)
            throw new ArgumentException(
                $"{learner} was built with a {ways}-way head but the task batch is {batch.Ways}-way: train and test with {ways}-way episodes, " +
                $"or build it with {options}(Ways: {batch.Ways}).", nameof(batch));
    }
}
