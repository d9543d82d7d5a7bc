using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// The policy of Finn et al.'s reinforcement-learning experiments: a Gaussian whose mean is an MLP of the observation
/// (two hidden layers of 100 ReLU units by default) and whose log standard deviation is a learned vector, independent
/// of the observation (initialised to 0: standard deviation 1). Weights are Xavier-uniform, biases 0, as in rllab.
/// It runs on its own parameters or, for MAML's fast weights, on one weight set per task: a list in
/// <see cref="ParameterList"/>'s order whose tensors carry a leading task dimension T (<see cref="PerTask"/>), applied to
/// observations [T, N, obs] as batched matrix products.
/// </summary>
public sealed class GaussianMlpPolicy : nn.Module
{
    private readonly ParameterList layers = new();
    private readonly Parameter logStd;

    /// <param name="observations">Observation size (2 for a point in the plane).</param>
    /// <param name="actions">Action size.</param>
    /// <param name="hidden">Hidden layer widths (default: 100, 100).</param>
    public GaussianMlpPolicy(int observations = PointTasks.Size, int actions = PointTasks.Size, IReadOnlyList<int>? hidden = null) : base(nameof(GaussianMlpPolicy))
    {
        hidden ??= [100, 100];
        if (observations < 1 || actions < 1 || hidden.Any(h => h < 1))
            throw new ArgumentOutOfRangeException(nameof(hidden), $"Layer sizes must be positive: observations {observations}, hidden [{string.Join(", ", hidden)}], actions {actions}.");
        Sizes = [observations, .. hidden, actions];
        // Made on the CPU and moved with .to(device) by the owner (MamlRl), as every module of the library: the
        // initialisation then draws the same numbers from the CPU generator whatever the device.
        for (var i = 0; i + 1 < Sizes.Count; i++)
        {
            var w = torch.empty(Sizes[i + 1], Sizes[i], device: torch.CPU);
            nn.init.xavier_uniform_(w);
            layers.Add(new Parameter(w));
            layers.Add(new Parameter(torch.zeros(Sizes[i + 1], device: torch.CPU)));
        }
        logStd = new Parameter(torch.zeros(actions, device: torch.CPU));
        RegisterComponents();
    }

    /// <summary>Every layer's width: [observations, hidden..., actions].</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The parameters in order: weight and bias of each layer, then the log standard deviation.</summary>
    public IReadOnlyList<Tensor> ParameterList() => [.. layers, logStd];

    /// <summary>Each of <paramref name="weights"/> (a shared weight set) repeated for <paramref name="tasks"/> tasks, as views [T, ...] that share the originals' gradient.</summary>
    public static IReadOnlyList<Tensor> PerTask(IReadOnlyList<Tensor> weights, long tasks) =>
        weights.Select(w => w.unsqueeze(0).expand([tasks, .. w.shape])).ToList();

    /// <summary>
    /// The action distribution, mean [T, N, actions] and log standard deviation [T, 1, actions], for observations
    /// [T, N, obs] under per-task weights (<see cref="PerTask"/> of a weight list, or adapted fast weights).
    /// </summary>
    public (Tensor Mean, Tensor LogStd) Distribution(Tensor observations, IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != layers.Count + 1)
            throw new ArgumentException($"{this} has {layers.Count + 1} parameter tensors; {weights.Count} were given (use ParameterList() or PerTask of it).", nameof(weights));
        if (observations.dim() != 3 || observations.size(2) != Sizes[0] || observations.size(0) != weights[0].size(0) || weights[0].dim() != 3)
            throw new ArgumentException($"{this} wants observations [T, N, {Sizes[0]}] and per-task weights [T, ...] (PerTask); got observations {Shapes.Format(observations)} and a first weight {Shapes.Format(weights[0])}.", nameof(observations));
        if (observations.dtype != weights[0].dtype)
            throw new ArgumentException($"The policy's weights are {weights[0].dtype} but the observations are {observations.dtype}; convert one to the other.", nameof(observations));
        using var scope = NewDisposeScope();
        var x = observations;
        var count = layers.Count / 2;
        for (var i = 0; i < count; i++)
        {
            x = torch.bmm(x, weights[2 * i].transpose(1, 2)) + weights[2 * i + 1].unsqueeze(1);
            if (i < count - 1) x = torch.nn.functional.relu(x);
        }
        return (x.MoveToOuterDisposeScope(), weights[^1].unsqueeze(1).MoveToOuterDisposeScope());
    }

    /// <summary>log pi(a | s) summed over the action's coordinates, [T, N], for actions [T, N, actions].</summary>
    public Tensor LogProbability(Tensor observations, Tensor actions, IReadOnlyList<Tensor> weights)
    {
        using var scope = NewDisposeScope();
        var (mean, logStd) = Distribution(observations, weights);
        return Gaussian(mean, logStd, actions).MoveToOuterDisposeScope();
    }

    /// <summary>The log density of a diagonal Gaussian, summed over the last dimension.</summary>
    public static Tensor Gaussian(Tensor mean, Tensor logStd, Tensor x)
    {
        using var scope = NewDisposeScope();
        var z = (x - mean) * torch.exp(-logStd);
        return (-0.5 * z.pow(2) - logStd - 0.5 * Math.Log(2 * Math.PI)).sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>KL(old || new) between diagonal Gaussians, summed over the last dimension.</summary>
    public static Tensor KlDivergence(Tensor oldMean, Tensor oldLogStd, Tensor newMean, Tensor newLogStd)
    {
        using var scope = NewDisposeScope();
        var kl = newLogStd - oldLogStd + (torch.exp(2 * oldLogStd) + (oldMean - newMean).pow(2)) / (2 * torch.exp(2 * newLogStd)) - 0.5;
        return kl.sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>"GaussianMlpPolicy(2 -> 100 -> 100 -> 2, learned log-std)".</summary>
    public override string ToString() => $"GaussianMlpPolicy({string.Join(" -> ", Sizes)}, learned log-std)";
}
