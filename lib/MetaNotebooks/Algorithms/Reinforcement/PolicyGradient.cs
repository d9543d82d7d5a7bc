using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// The vanilla policy gradient (REINFORCE) pieces of Finn et al.'s inner loop: discounted returns, advantages
/// (return minus the linear feature baseline, then centred and scaled per task, as rllab's <c>center_adv</c>), the
/// surrogate loss whose gradient is the policy gradient, and the inner adaptation step theta' = theta - alpha grad.
/// </summary>
public static class PolicyGradient
{
    /// <summary>Sum over k >= t of discount^(k-t) r_k, for rewards [T, K, H]; same shape.</summary>
    public static Tensor DiscountedReturns(Tensor rewards, double discount)
    {
        if (discount is < 0 or > 1 || double.IsNaN(discount))
            throw new ArgumentOutOfRangeException(nameof(discount), discount, "The discount must lie in [0, 1] (the paper: 0.99).");
        using var scope = NewDisposeScope();
        var h = rewards.size(-1);
        // powers[k, t] = discount^(k - t) for k >= t, else 0: returns = rewards x powers.
        var k = torch.arange(h, float64, rewards.device);
        var gap = k.unsqueeze(1) - k.unsqueeze(0);
        var powers = torch.where(gap >= 0, torch.pow(discount, gap.clamp_min(0)), torch.zeros_like(gap)).to(rewards.dtype);
        var flat = rewards.reshape(-1, h);
        return torch.mm(flat, powers).reshape(rewards.shape).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The advantages [T, K, H] of <paramref name="trajectories"/>: discounted return minus the per-task linear feature
    /// baseline, centred and divided by their standard deviation within each task. Constants (no gradient), in the rewards' dtype.
    /// </summary>
    public static Tensor Advantages(Trajectories trajectories, double discount)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var returns = DiscountedReturns(trajectories.Rewards.to(float64), discount);
        var advantage = returns - LinearFeatureBaseline.FitAndPredict(trajectories.Observations, returns);
        var t = advantage.size(0);
        var flat = advantage.reshape(t, -1);
        var centred = (flat - flat.mean([1], keepdim: true)) / (flat.std(1, keepdim: true) + 1e-8);
        return centred.reshape(advantage.shape).to(trajectories.Rewards.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The REINFORCE surrogate of each task, [T]: minus the mean over its trajectories and steps of
    /// log pi(a_t | s_t) x A_t. Its gradient is minus the policy-gradient estimate of the task's expected return.
    /// </summary>
    public static Tensor SurrogateLoss(GaussianMlpPolicy policy, Trajectories trajectories, Tensor advantages, IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trajectories);
        using var scope = NewDisposeScope();
        var t = trajectories.Tasks;
        var observations = trajectories.Observations.reshape(t, -1, trajectories.Observations.size(-1));
        var actions = trajectories.Actions.reshape(t, -1, trajectories.Actions.size(-1));
        var logp = policy.LogProbability(observations, actions, weights);
        return (-(logp * advantages.reshape(t, -1)).mean([1])).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One inner step for every task at once: theta'_t = theta_t - alpha grad L_t(theta_t) on the task's own
    /// trajectories (the gradient of the sum of the tasks' surrogates, whose slice t is task t's own gradient).
    /// With <paramref name="createGraph"/> the step is itself differentiable (MAML's second-order meta-gradient).
    /// </summary>
    public static IReadOnlyList<Tensor> Adapt(GaussianMlpPolicy policy, Trajectories trajectories, Tensor advantages, IReadOnlyList<Tensor> weights,
        double learningRate, bool createGraph)
    {
        using var scope = NewDisposeScope();
        var loss = SurrogateLoss(policy, trajectories, advantages, weights).sum();
        var grads = Tensors.Gradients.Of(loss, weights, createGraph: createGraph);
        var adapted = weights.Select((w, i) => w - learningRate * grads[i]).ToList();
        foreach (var a in adapted) a.MoveToOuterDisposeScope();
        return adapted;
    }
}
