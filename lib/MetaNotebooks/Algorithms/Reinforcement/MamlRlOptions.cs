using MetaNotebooks.Data;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// Settings of MAML for reinforcement learning (Finn et al. 2017, Sec. 5.3 and Appendix A.2): the defaults are the
/// paper's 2-D navigation run (20 tasks x 20 trajectories per meta-step, horizon 100, one inner policy-gradient step
/// of size 0.1, discount 0.99, TRPO with a KL limit of 0.01, 500 meta-steps).
/// </summary>
public sealed record MamlRlOptions
{
    /// <summary>The task family: "navigation" or "direction".</summary>
    public string Environment { get; init; } = "navigation";

    /// <summary>Direction task only: any angle (true) or +x / -x (false, the paper's two cheetah tasks).</summary>
    public bool AnyAngle { get; init; }

    /// <summary>Steps per trajectory.</summary>
    public int Horizon { get; init; } = 100;

    /// <summary>Tasks per meta-step (the meta-batch).</summary>
    public int Tasks { get; init; } = 20;

    /// <summary>Trajectories per task, before and after adaptation (K).</summary>
    public int Trajectories { get; init; } = 20;

    /// <summary>Inner policy-gradient steps in meta-training: 1 (MAML, as the paper) or 0 (the pretrained baseline: one policy trained on every task jointly).</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>The inner step size alpha.</summary>
    public double InnerLearningRate { get; init; } = 0.1;

    /// <summary>The discount gamma of the returns.</summary>
    public double Discount { get; init; } = 0.99;

    /// <summary>Meta-steps (outer TRPO updates).</summary>
    public int Steps { get; init; } = 500;

    /// <summary>TRPO's trust region: the largest mean KL divergence between the old and new (adapted) policies.</summary>
    public double MaxKl { get; init; } = 0.01;

    /// <summary>Conjugate-gradient iterations per TRPO step.</summary>
    public int ConjugateGradientSteps { get; init; } = 10;

    /// <summary>Damping added to the Fisher-vector products (rllab's reg_coeff).</summary>
    public double Damping { get; init; } = 1e-5;

    /// <summary>Line-search backtracks (the step shrinks by <see cref="BacktrackRatio"/> each time).</summary>
    public int Backtracks { get; init; } = 15;

    /// <summary>The line search's shrink factor.</summary>
    public double BacktrackRatio { get; init; } = 0.8;

    /// <summary>Hidden units per layer (two layers).</summary>
    public int Hidden { get; init; } = 100;

    /// <summary>Seed of the initialisation, the tasks and the sampling noise.</summary>
    public long Seed { get; init; }

    /// <summary>The quick (CPU minutes) or full (paper) settings for an environment.</summary>
    public static MamlRlOptions For(string environment, ProfileName profile) => profile == ProfileName.Full
        ? new MamlRlOptions { Environment = environment }
        : new MamlRlOptions { Environment = environment, Tasks = 10, Trajectories = 10, Steps = 40 };

    /// <summary>Throws a clear <see cref="ArgumentException"/> for a setting that cannot run.</summary>
    public void Validate()
    {
        PointTasks.Named(Environment, Math.Max(Horizon, 1));
        if (Horizon < 1) throw new ArgumentException($"The horizon must be at least 1 step, not {Horizon} (the paper: 100).");
        if (Tasks < 1) throw new ArgumentException($"A meta-step needs at least 1 task, not {Tasks} (the paper: 20).");
        if (Trajectories < 1) throw new ArgumentException($"Each task needs at least 1 trajectory per phase, not {Trajectories} (the paper: 20); with 0 there is no policy gradient to adapt with.");
        if (InnerSteps is not (0 or 1)) throw new ArgumentException($"Meta-training takes 1 inner step (MAML) or 0 (the pretrained baseline), not {InnerSteps}; test-time adaptation may take more (MamlRl.Adapt).");
        if (!(InnerLearningRate > 0) || double.IsInfinity(InnerLearningRate)) throw new ArgumentException($"The inner learning rate must be a positive number, not {InnerLearningRate} (the paper: 0.1).");
        if (Discount is < 0 or > 1 || double.IsNaN(Discount)) throw new ArgumentException($"The discount must lie in [0, 1], not {Discount} (the paper: 0.99).");
        if (Steps < 0) throw new ArgumentException($"Steps must be 0 or more, not {Steps}.");
        if (!(MaxKl > 0) || double.IsInfinity(MaxKl)) throw new ArgumentException($"TRPO's KL limit must be a positive number, not {MaxKl} (the paper: 0.01).");
        if (ConjugateGradientSteps < 1) throw new ArgumentException($"Conjugate gradient needs at least 1 iteration, not {ConjugateGradientSteps} (rllab: 10).");
        if (Damping < 0 || double.IsNaN(Damping)) throw new ArgumentException($"The damping must be 0 or more, not {Damping}.");
        if (Backtracks < 1) throw new ArgumentException($"The line search needs at least 1 try, not {Backtracks}.");
        if (BacktrackRatio is <= 0 or >= 1 || double.IsNaN(BacktrackRatio)) throw new ArgumentException($"The backtrack ratio must lie in (0, 1), not {BacktrackRatio}.");
        if (Hidden < 1) throw new ArgumentException($"Hidden layers need at least 1 unit, not {Hidden}.");
    }

    /// <summary>"navigation: 20 tasks x 20 trajectories, horizon 100, 1 inner step (alpha 0.1), TRPO (KL 0.01), 500 steps, seed 0".</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Environment}{(AnyAngle ? " (any angle)" : "")}: {Tasks} tasks x {Trajectories} trajectories, horizon {Horizon}, ") +
        (InnerSteps == 0 ? "pretrained jointly (no inner step)" : FormattableString.Invariant($"1 inner step (alpha {InnerLearningRate})")) +
        FormattableString.Invariant($", TRPO (KL {MaxKl}), {Steps} steps, seed {Seed}");
}
