using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Data;

/// <summary>
/// 2-D navigation (Finn et al. 2017, Sec. 5.3; learn2learn's <c>Particles2D</c>): a point starts at the origin, each
/// action (clipped to [-1, 1]) moves it by 0.1 x the action, so by at most 0.1 per coordinate, and the reward is minus
/// its distance to the task's goal after the move. Goals are drawn uniformly from the arena [-0.5, 0.5]^2. The original ends a trajectory once the point is
/// within 0.01 of the goal in both coordinates; here every trajectory runs the full horizon (a point that sits on its
/// goal then earns about 0 per step, so returns differ from the original's by a small amount).
/// </summary>
public sealed class Navigation2D(int horizon = 100) : PointTasks(horizon)
{
    /// <summary>Half the side of the square goals are drawn from: goals lie in [-0.5, 0.5]^2.</summary>
    public const double Arena = 0.5;

    /// <inheritdoc/>
    public override string Name => "navigation";

    /// <summary>The largest move per coordinate and step.</summary>
    public const double MaxMove = 0.1;

    /// <summary>Goals uniform in [-0.5, 0.5]^2.</summary>
    public override Tensor Sample(int count, Generator random)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Draw at least one task.");
        using var scope = NewDisposeScope();
        return (torch.rand([count, Size], float64, device: torch.CPU, generator: random) * (2 * Arena) - Arena).MoveToOuterDisposeScope();
    }

    /// <summary>Also refuses a goal outside the arena [-0.5, 0.5]^2.</summary>
    public override void CheckTasks(Tensor tasks)
    {
        base.CheckTasks(tasks);
        using var scope = NewDisposeScope();
        var largest = tasks.abs().max().ToDouble();
        if (largest > Arena)
            throw new ArgumentException($"A goal lies outside the arena [-{Arena}, {Arena}]^2 (a coordinate of magnitude {largest:G4}). Goals are drawn from the arena; pass goals inside it.", nameof(tasks));
    }

    /// <inheritdoc/>
    protected override (Tensor Next, Tensor Reward) Move(Tensor tasks, Tensor position, Tensor action)
    {
        var next = position + MaxMove * action;
        var reward = -(next - tasks.unsqueeze(1)).pow(2).sum(-1).sqrt();
        return (next, reward);
    }
}
