using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Data;

/// <summary>
/// A family of reinforcement-learning tasks for a point agent in the plane, stepped as batched tensor code: positions
/// [T, K, 2] (T tasks x K trajectories), one task parameter per task [T, 2] (a goal, a direction), one action per
/// trajectory [T, K, 2]. The observation is the position; every trajectory starts at the origin and lasts
/// <see cref="Horizon"/> steps (no early termination). A task is hidden from the policy: only the rewards tell it.
/// </summary>
public abstract class PointTasks
{
    /// <summary>Observation and action size: a point in the plane.</summary>
    public const int Size = 2;

    /// <param name="horizon">Steps per trajectory (Finn et al.: 100 for 2-D navigation); at least 1.</param>
    protected PointTasks(int horizon)
    {
        if (horizon < 1)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon is the number of steps per trajectory and must be at least 1, not {horizon} (the paper's 2-D navigation: 100).");
        Horizon = horizon;
    }

    /// <summary>Steps per trajectory.</summary>
    public int Horizon { get; }

    /// <summary>The family's name as the command line spells it ("navigation", "direction").</summary>
    public abstract string Name { get; }

    /// <summary>
    /// <paramref name="count"/> task parameters [count, 2] drawn with <paramref name="random"/>, float64 on the CPU: the
    /// generator is a CPU one, so the tasks are the same on every device; the sampler of trajectories (Algorithms/Reinforcement) moves them to the policy's.
    /// </summary>
    public abstract Tensor Sample(int count, Generator random);

    /// <summary>Throws a clear <see cref="ArgumentException"/> when <paramref name="tasks"/> is not a valid [T, 2] batch of this family's tasks.</summary>
    public virtual void CheckTasks(Tensor tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.dim() != 2 || tasks.size(1) != Size || tasks.size(0) < 1)
            throw new ArgumentException($"{Name} tasks are a [T, 2] tensor with T >= 1 (one row per task); got shape {Shapes.Format(tasks)}.", nameof(tasks));
        using var scope = NewDisposeScope();
        if (!torch.isfinite(tasks).all().ToBoolean())
            throw new ArgumentException($"{Name} tasks must be finite numbers; the tensor given holds NaN or infinity.", nameof(tasks));
    }

    /// <summary>The start positions [T, K, 2]: every trajectory at the origin.</summary>
    public Tensor Start(Tensor tasks, int trajectories)
    {
        CheckTasks(tasks);
        if (trajectories < 1)
            throw new ArgumentOutOfRangeException(nameof(trajectories), trajectories, $"Each task needs at least 1 trajectory, not {trajectories} (the paper: 20 per task).");
        return torch.zeros([tasks.size(0), trajectories, Size], tasks.dtype, tasks.device);
    }

    /// <summary>
    /// One step of every trajectory of every task: the next positions [T, K, 2] and the rewards [T, K]. The policy acts in
    /// [-1, 1] per coordinate: the action is clipped to it first (rllab's <c>normalize</c> wrapper, which Finn et al.'s
    /// code puts around every environment, does the same and scales to the environment's own range).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or an action is NaN or infinite.</exception>
    public (Tensor Next, Tensor Reward) Step(Tensor tasks, Tensor position, Tensor action)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(action);
        if (position.dim() != 3 || position.size(2) != Size || position.size(0) != tasks.size(0))
            throw new ArgumentException($"Positions are [T, K, 2] with T = {tasks.size(0)} tasks; got {Shapes.Format(position)}.", nameof(position));
        if (!action.shape.SequenceEqual(position.shape))
            throw new ArgumentException($"Actions must have the positions' shape {Shapes.Format(position)}; got {Shapes.Format(action)}.", nameof(action));
        using var scope = NewDisposeScope();
        if (!torch.isfinite(action).all().ToBoolean())
            throw new ArgumentException("An action is NaN or infinite: the policy has diverged (a learning rate too large?) or was given bad weights. Actions must be finite numbers.", nameof(action));
        var clipped = action.clamp(-1, 1);
        var (next, reward) = Move(tasks, position, clipped);
        return (next.MoveToOuterDisposeScope(), reward.MoveToOuterDisposeScope());
    }

    /// <summary>The dynamics and the reward, on an action already clipped to [-1, 1].</summary>
    protected abstract (Tensor Next, Tensor Reward) Move(Tensor tasks, Tensor position, Tensor action);

    /// <summary>The family by its command-line name: "navigation" or "direction" (<paramref name="anyAngle"/>: directions at any angle).</summary>
    public static PointTasks Named(string name, int horizon = 100, bool anyAngle = false) => name?.Trim().ToLowerInvariant() switch
    {
        "navigation" or "nav" or "navigation2d" => new Navigation2D(horizon),
        "direction" or "goal-direction" => new GoalDirection(horizon, anyAngle),
        _ => throw new ArgumentException($"Unknown environment '{name}'. Use 'navigation' (2-D navigation to a goal) or 'direction' (run along a direction).", nameof(name)),
    };
}
