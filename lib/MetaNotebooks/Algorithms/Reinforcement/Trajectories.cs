using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// K trajectories of each of T tasks, as tensors: observations and actions [T, K, H, 2], rewards [T, K, H]. The actions
/// are the policy's samples before the environment clips them (the log-likelihood is of what the policy drew). Owns
/// its tensors.
/// </summary>
public sealed class Trajectories : IDisposable
{
    private Trajectories(Tensor observations, Tensor actions, Tensor rewards)
    {
        Observations = observations;
        Actions = actions;
        Rewards = rewards;
    }

    /// <summary>The observation (the position) before each step, [T, K, H, 2].</summary>
    public Tensor Observations { get; }

    /// <summary>The action drawn at each step, [T, K, H, 2] (unclipped).</summary>
    public Tensor Actions { get; }

    /// <summary>The reward of each step, [T, K, H].</summary>
    public Tensor Rewards { get; }

    /// <summary>Tasks T.</summary>
    public int Tasks => (int)Rewards.size(0);

    /// <summary>Trajectories per task K.</summary>
    public int PerTask => (int)Rewards.size(1);

    /// <summary>Steps per trajectory H.</summary>
    public int Horizon => (int)Rewards.size(2);

    /// <summary>The undiscounted return of each task, averaged over its trajectories: T numbers.</summary>
    public double[] TaskReturns()
    {
        using var scope = NewDisposeScope();
        return Rewards.sum(-1).mean([1]).to(float64).cpu().data<double>().ToArray();
    }

    /// <summary>The average undiscounted return over every trajectory of every task (Finn et al.'s "average return").</summary>
    public double AverageReturn() => TaskReturns().Average();

    /// <summary>
    /// Trajectories from tensors the caller made (copies are kept): observations and actions [T, K, H, d], rewards
    /// [T, K, H]. For problems outside <see cref="PointTasks"/>, such as a one-step bandit.
    /// </summary>
    public static Trajectories Of(Tensor observations, Tensor actions, Tensor rewards)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(rewards);
        if (observations.dim() != 4 || actions.dim() != 4 || rewards.dim() != 3 || !observations.shape.Take(3).SequenceEqual(rewards.shape)
            || !actions.shape.Take(3).SequenceEqual(rewards.shape))
            throw new ArgumentException($"Trajectories are observations and actions [T, K, H, d] and rewards [T, K, H] with the same T, K, H; got " +
                $"{Shapes.Format(observations)}, {Shapes.Format(actions)} and {Shapes.Format(rewards)}.", nameof(rewards));
        using var noGrad = torch.no_grad();
        return new Trajectories(observations.detach().clone(), actions.detach().clone(), rewards.detach().clone());
    }

    /// <summary>
    /// Runs <paramref name="policy"/> with per-task <paramref name="weights"/> (tensors [T, ...]) for
    /// <paramref name="trajectories"/> trajectories of every task, all stepped at once: H batched steps of [T, K] points.
    /// The Gaussian noise comes from <paramref name="random"/> (a CPU generator), so the same generator state gives the
    /// same trajectories on any device. No gradient is recorded.
    /// </summary>
    public static Trajectories Sample(PointTasks environment, Tensor tasks, GaussianMlpPolicy policy, IReadOnlyList<Tensor> weights, int trajectories, Generator random)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(weights);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var position = environment.Start(tasks, trajectories);
        if (weights[0].size(0) != tasks.size(0))
            throw new ArgumentException($"{tasks.size(0)} tasks but weights for {weights[0].size(0)}: give one weight set per task (GaussianMlpPolicy.PerTask).", nameof(weights));
        var dtype = weights[0].dtype;
        var noise = torch.randn([environment.Horizon, tasks.size(0), trajectories, PointTasks.Size], float64, device: torch.CPU, generator: random).to(dtype).to(weights[0].device);
        var goal = tasks.to(dtype).to(weights[0].device);
        position = position.to(dtype).to(weights[0].device);
        var observations = new List<Tensor>(environment.Horizon);
        var actions = new List<Tensor>(environment.Horizon);
        var rewards = new List<Tensor>(environment.Horizon);
        for (var h = 0; h < environment.Horizon; h++)
        {
            var (mean, logStd) = policy.Distribution(position, weights);
            var action = mean + torch.exp(logStd) * noise[h];
            observations.Add(position);
            actions.Add(action);
            (position, var reward) = environment.Step(goal, position, action);
            rewards.Add(reward);
        }
        return new Trajectories(
            torch.stack(observations, 2).MoveToOuterDisposeScope(),
            torch.stack(actions, 2).MoveToOuterDisposeScope(),
            torch.stack(rewards, 2).MoveToOuterDisposeScope());
    }

    /// <summary>One trajectory's positions before each of its H steps (the origin first), as (x, y) arrays.</summary>
    public (double[] X, double[] Y) Path(int task, int trajectory)
    {
        using var scope = NewDisposeScope();
        var observed = Observations[task, trajectory].to(float64).cpu();
        var xs = observed[.., 0].data<double>().ToArray();
        var ys = observed[.., 1].data<double>().ToArray();
        return (xs, ys);
    }

    /// <summary>A task's mean path: the position before each step, averaged over its K trajectories, as (x, y) arrays.</summary>
    public (double[] X, double[] Y) MeanPath(int task)
    {
        using var scope = NewDisposeScope();
        var mean = Observations[task].to(float64).mean([0]).cpu();
        return (mean[.., 0].data<double>().ToArray(), mean[.., 1].data<double>().ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Observations.Dispose();
        Actions.Dispose();
        Rewards.Dispose();
    }
}
