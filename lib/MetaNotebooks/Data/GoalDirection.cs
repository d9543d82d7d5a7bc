using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Data;

/// <summary>
/// A goal-direction task for a point agent, standing in for the paper's half-cheetah forward/backward (which needs
/// MuJoCo): the action is a velocity, clipped to [-1, 1] per coordinate, the point moves by 0.1 x the velocity, and the
/// reward is the velocity along the task's unit direction minus a control cost 0.05 |a|^2 (the half-cheetah's
/// coefficient, 0.5 x 0.1). The best return is 0.95 per step (full speed along the direction). Directions are +x or -x
/// (the paper's two tasks) or, with <c>anyAngle</c>, uniform on the circle. What it keeps of the cheetah: the task is a
/// direction the policy cannot see and must find from rewards. What it drops: all of locomotion (no legs, no
/// dynamics to master, no falling), so it says nothing about how hard the cheetah's control problem is.
/// </summary>
public sealed class GoalDirection(int horizon = 100, bool anyAngle = false) : PointTasks(horizon)
{
    /// <summary>The control cost's coefficient on |a|^2.</summary>
    public const double ControlCost = 0.05;

    /// <summary>The point moves by this times the velocity each step.</summary>
    public const double TimeStep = 0.1;

    /// <summary>True: directions uniform on the circle; false: +x or -x.</summary>
    public bool AnyAngle { get; } = anyAngle;

    /// <inheritdoc/>
    public override string Name => "direction";

    /// <summary>Unit directions: +x or -x with probability 1/2 each, or uniform angles with <see cref="AnyAngle"/>.</summary>
    public override Tensor Sample(int count, Generator random)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Draw at least one task.");
        using var scope = NewDisposeScope();
        var u = torch.rand([count], float64, device: torch.CPU, generator: random);
        var angle = AnyAngle ? u * (2 * Math.PI) : (u < 0.5).to(float64) * Math.PI;
        return torch.stack([angle.cos(), angle.sin()], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Also refuses a direction that is not a unit vector.</summary>
    public override void CheckTasks(Tensor tasks)
    {
        base.CheckTasks(tasks);
        using var scope = NewDisposeScope();
        var off = (tasks.pow(2).sum(1).sqrt() - 1).abs().max().ToDouble();
        if (off > 1e-4)
            throw new ArgumentException($"Directions must be unit vectors (a row's length is off by {off:G3}); divide each row by its length.", nameof(tasks));
    }

    /// <inheritdoc/>
    protected override (Tensor Next, Tensor Reward) Move(Tensor tasks, Tensor position, Tensor action)
    {
        var next = position + TimeStep * action;
        var reward = (action * tasks.unsqueeze(1)).sum(-1) - ControlCost * action.pow(2).sum(-1);
        return (next, reward);
    }
}
