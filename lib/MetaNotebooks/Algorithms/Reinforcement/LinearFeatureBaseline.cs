using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// rllab's linear feature baseline, which Finn et al.'s code uses: the value of a state is a linear function of
/// the features [o, o^2, t/100, (t/100)^2, (t/100)^3, 1] (o the observation clipped to [-10, 10], t the time step),
/// fitted by ridge regression (coefficient 1e-5) to the discounted returns of one task's trajectories. Fitted
/// per task, on the same trajectories whose advantages it then gives (as the paper's code does), in float64.
/// </summary>
public static class LinearFeatureBaseline
{
    /// <summary>The ridge coefficient.</summary>
    public const double Ridge = 1e-5;

    /// <summary>The features [T, K, H, 2d + 4] of observations [T, K, H, d].</summary>
    public static Tensor Features(Tensor observations)
    {
        using var scope = NewDisposeScope();
        var o = observations.to(float64).clamp(-10, 10);
        var (t, k, h) = (o.size(0), o.size(1), o.size(2));
        var time = (torch.arange(h, float64, o.device) / 100.0).reshape(1, 1, h, 1).expand(t, k, h, 1);
        var features = torch.cat([o, o.pow(2), time, time.pow(2), time.pow(3), torch.ones_like(time)], -1);
        return features.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fits one baseline per task to <paramref name="returns"/> [T, K, H] and gives its predictions [T, K, H] (float64,
    /// no gradient).
    /// </summary>
    public static Tensor FitAndPredict(Tensor observations, Tensor returns)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = Features(observations);
        var (t, k, h, f) = (x.size(0), x.size(1), x.size(2), x.size(3));
        var flat = x.reshape(t, k * h, f);
        var y = returns.to(float64).reshape(t, k * h, 1);
        var gram = torch.bmm(flat.transpose(1, 2), flat) + Ridge * torch.eye(f, dtype: float64, device: x.device);
        var w = torch.linalg.solve(gram, torch.bmm(flat.transpose(1, 2), y));
        return torch.bmm(flat, w).reshape(t, k, h).MoveToOuterDisposeScope();
    }
}
