using MetaNotebooks.Data;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>
/// MAML's sinusoid experiment (Finn et al. 2017, section 5.1): an MLP 1-40-40-1 (ReLU) trained either by MAML
/// (<see cref="MetaTrainStep"/>: k inner SGD steps of size alpha on each task's K support points, then the query MSE of
/// the adapted weights; Adam on the mean over the meta-batch) or as the pretrained baseline (<see cref="PretrainStep"/>:
/// one regressor fitted to every point of every task). Both are then adapted to a new task the same way, by
/// <see cref="Adapt"/>, and scored by <see cref="QueryLoss"/>.
/// </summary>
public sealed class SinusoidRegressor : IDisposable
{
    private readonly TorchSharp.Modules.Adam _optimizer;

    /// <summary>A new regressor (seed libtorch first for reproducible weights).</summary>
    /// <param name="innerLearningRate">alpha, the inner SGD step (0.01 in the paper).</param>
    /// <param name="metaLearningRate">Adam's rate (0.001 in the paper).</param>
    /// <param name="hidden">Hidden layer sizes (40, 40 in the paper).</param>
    /// <param name="device">Where the network lives (<see cref="Devices.Default"/> when null); its batches must be there too.</param>
    public SinusoidRegressor(double innerLearningRate = 0.01, double metaLearningRate = 1e-3, IReadOnlyList<int>? hidden = null, Device? device = null)
    {
        if (!double.IsFinite(innerLearningRate)) throw new ArgumentOutOfRangeException(nameof(innerLearningRate), innerLearningRate, "The inner learning rate must be a finite number.");
        if (!(metaLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(metaLearningRate), metaLearningRate, "The meta learning rate must be positive.");
        InnerLearningRate = innerLearningRate;
        Network = new Mlp(1, hidden ?? [40, 40], 1);
        Devices.Place(device, Network);
        _optimizer = torch.optim.Adam(Network.parameters(), metaLearningRate);
    }

    /// <summary>The MLP whose weights are the initialisation every task adapts from.</summary>
    public Mlp Network { get; }

    /// <summary>alpha.</summary>
    public double InnerLearningRate { get; }

    /// <summary>Mean squared error of <paramref name="weights"/> on x [M, 1], y [M, 1].</summary>
    public Tensor Loss(IReadOnlyList<Tensor> weights, Tensor x, Tensor y) => F.mse_loss(Network.forward(x, weights), y);

    /// <summary>The fast weights after <paramref name="steps"/> SGD steps on one task's support points x [K, 1], y [K, 1].</summary>
    public IReadOnlyList<Tensor> Adapt(Tensor x, Tensor y, int steps, bool createGraph = false) =>
        InnerLoop.Adapt(Network.ParameterList(), w => Loss(w, x, y), steps, InnerLearningRate, createGraph);

    /// <summary>
    /// One MAML meta-step on <paramref name="batch"/>; returns the mean query MSE after adaptation (before the update).
    /// <paramref name="batched"/>: all tasks in one pass (<see cref="BatchedMetaLoss"/>, the default, several times
    /// faster for this small network) or one task at a time (<see cref="PerTaskMetaLoss"/>); both give the same gradient.
    /// </summary>
    public double MetaTrainStep(SinusoidBatch batch, int innerSteps = 1, bool firstOrder = false, bool batched = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var loss = batched ? BatchedMetaLoss(batch, innerSteps, firstOrder) : PerTaskMetaLoss(batch, innerSteps, firstOrder);
        _optimizer.step();
        return loss;
    }

    /// <summary>The meta-loss and its gradient (left in the parameters' .grad), one task at a time: a backward per task.</summary>
    public double PerTaskMetaLoss(SinusoidBatch batch, int innerSteps = 1, bool firstOrder = false)
    {
        var tasks = batch.Tasks.Count;
        var total = 0.0;
        for (var t = 0; t < tasks; t++)
        {
            using var scope = NewDisposeScope();
            var fast = Adapt(batch.SupportX[t], batch.SupportY[t], innerSteps, createGraph: !firstOrder);
            var loss = Loss(fast, batch.QueryX[t], batch.QueryY[t]);
            (loss / tasks).backward();
            total += loss.ToDouble();
        }
        return total / tasks;
    }

    /// <summary>
    /// The meta-loss and its gradient with every task of the batch in one pass: theta is expanded to task-stacked fast
    /// weights [T, ...], the network runs as batched matrix products, and the inner loss is the sum of the tasks' mean
    /// losses, so that its gradient with respect to task t's slice is task t's own gradient (the tasks do not interact).
    /// The same <see cref="InnerLoop"/> runs the steps.
    /// </summary>
    public double BatchedMetaLoss(SinusoidBatch batch, int innerSteps = 1, bool firstOrder = false)
    {
        var tasks = batch.Tasks.Count;
        using var scope = NewDisposeScope();
        var stacked = Network.ParameterList().Select(p => p.unsqueeze(0).expand([tasks, .. p.shape])).ToArray();
        var fast = InnerLoop.Adapt(stacked, w => F.mse_loss(BatchedForward(batch.SupportX, w), batch.SupportY) * tasks,
            innerSteps, InnerLearningRate, createGraph: !firstOrder);
        var loss = F.mse_loss(BatchedForward(batch.QueryX, fast), batch.QueryY);
        loss.backward();
        return loss.ToDouble();
    }

    /// <summary>The MLP on task-stacked inputs x [T, M, 1] with task-stacked weights (each [T, ...] of its parameter): [T, M, 1].</summary>
    public Tensor BatchedForward(Tensor x, IReadOnlyList<Tensor> weights)
    {
        var layers = weights.Count / 2;
        if (weights.Count != 2 * (Network.Sizes.Count - 1) || x.dim() != 3 || weights[0].dim() != 3 || weights[0].size(0) != x.size(0))
            throw new ArgumentException($"BatchedForward wants x [T, M, {Network.Sizes[0]}] and one [T, ...] tensor per parameter ({2 * (Network.Sizes.Count - 1)}); got x {Shapes.Format(x)} and {weights.Count} tensors.", nameof(weights));
        using var scope = NewDisposeScope();
        var h = x;
        for (var i = 0; i < layers; i++)
        {
            h = h.bmm(weights[2 * i].transpose(1, 2)) + weights[2 * i + 1].unsqueeze(1);
            if (i < layers - 1) h = F.relu(h);
        }
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>One step of the pretrained baseline: plain regression on every support and query point of the batch.</summary>
    public double PretrainStep(SinusoidBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var x = cat([batch.SupportX.reshape(-1, 1), batch.QueryX.reshape(-1, 1)]);
        var y = cat([batch.SupportY.reshape(-1, 1), batch.QueryY.reshape(-1, 1)]);
        var loss = F.mse_loss(Network.forward(x), y);
        loss.backward();
        _optimizer.step();
        return loss.ToDouble();
    }

    /// <summary>
    /// The mean query MSE over the batch's tasks after each number of adaptation steps in <paramref name="steps"/>
    /// (0 = no adaptation), each task adapted on its own support points.
    /// </summary>
    public double[] QueryLoss(SinusoidBatch batch, IReadOnlyList<int> steps)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (steps.Any(s => s < 0)) throw new ArgumentOutOfRangeException(nameof(steps), "Adaptation step counts must be 0 or more.");
        var result = new double[steps.Count];
        for (var t = 0; t < batch.Tasks.Count; t++)
        for (var i = 0; i < steps.Count; i++)
        {
            using var scope = NewDisposeScope();
            var fast = Adapt(batch.SupportX[t], batch.SupportY[t], steps[i]);
            using var noGrad = no_grad();
            result[i] += Loss(fast, batch.QueryX[t], batch.QueryY[t]).ToDouble() / batch.Tasks.Count;
        }
        return result;
    }

    /// <summary>The adapted model's predictions at <paramref name="x"/> [M, 1] after <paramref name="steps"/> steps on the support points.</summary>
    public float[] Predict(Tensor supportX, Tensor supportY, Tensor x, int steps)
    {
        using var scope = NewDisposeScope();
        var fast = Adapt(supportX, supportY, steps);
        using var noGrad = no_grad();
        return Network.forward(x, fast).reshape(-1).cpu().data<float>().ToArray();
    }

    /// <summary>Frees the network and the optimizer.</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        Network.Dispose();
    }
}
