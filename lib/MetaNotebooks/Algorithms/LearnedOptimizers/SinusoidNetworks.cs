using MetaNotebooks.Data;
using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The small-network optimizee: an MLP 1-H-1 (one hidden layer, sigmoid by default, as the paper's MNIST network of 20
/// sigmoid units) fitted by mean squared error to K points of one sinusoid task of the MAML paper
/// (<see cref="SinusoidTasks"/>: y = A sin(x - phase), x in [-5, 5]). Function (seed, index) is task (seed, index) with
/// its K points and the network's initial weights (PyTorch's default uniform initialisation, drawn by
/// <see cref="SplitMix64"/>), the same on every machine. <see cref="Batch"/> stacks B of them into one
/// <see cref="Optimizee"/> of four parameter tensors: W1 [B, H, 1], b1 [B, H], W2 [B, 1, H], b2 [B, 1]; the loss is the
/// vector of the B networks' errors, computed with batched matrix products.
/// </summary>
public sealed record SinusoidNetworks
{
    private const ulong WeightStream = 0x5EED;

    /// <summary>H, the hidden units (20, as the paper's MNIST network).</summary>
    public int Hidden { get; init; } = 20;

    /// <summary>K, the points each network is fitted to.</summary>
    public int Points { get; init; } = 20;

    /// <summary>The hidden nonlinearity.</summary>
    public HiddenActivation Activation { get; init; } = HiddenActivation.Sigmoid;

    /// <summary>The task family (MAML's sinusoids).</summary>
    public SinusoidTasks Tasks { get; init; } = new();

    /// <summary>
    /// Networks <paramref name="batchIndex"/> * <paramref name="count"/> .. + count - 1 of <paramref name="seed"/> as one
    /// optimizee on <paramref name="device"/>.
    /// </summary>
    public Optimizee Batch(long seed, long batchIndex, int count, Device? device = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, Invariant($"A batch needs at least one network, not {count}."));
        if (Hidden < 1 || Points < 1)
            throw new ArgumentOutOfRangeException(nameof(Hidden), Invariant($"A network needs at least one hidden unit and one point: H = {Hidden}, K = {Points}."));
        int h = Hidden, k = Points;
        var x = new float[count * k];
        var y = new float[count * k];
        var w1 = new float[count * h];
        var b1 = new float[count * h];
        var w2 = new float[count * h];
        var b2 = new float[count];
        var bound2 = 1 / Math.Sqrt(h);   // PyTorch's default bound 1/sqrt(fan_in): 1 for the first layer
        for (var b = 0; b < count; b++)
        {
            var index = batchIndex * count + b;
            var (px, py, _, _) = Tasks.Task(seed, index).Points(k, 0);
            for (var i = 0; i < k; i++) (x[b * k + i], y[b * k + i]) = ((float)px[i], (float)py[i]);
            var rng = SplitMix64.ForKey(seed, index, WeightStream);
            for (var j = 0; j < h; j++) w1[b * h + j] = (float)rng.NextDouble(-1, 1);
            for (var j = 0; j < h; j++) b1[b * h + j] = (float)rng.NextDouble(-1, 1);
            for (var j = 0; j < h; j++) w2[b * h + j] = (float)rng.NextDouble(-bound2, bound2);
            b2[b] = (float)rng.NextDouble(-bound2, bound2);
        }
        var on = device ?? Devices.Default;
        var xs = Owned.Tensor(x, [count, k, 1], on);
        var ys = Owned.Tensor(y, [count, k, 1], on);
        Tensor[] start = [Owned.Tensor(w1, [count, h, 1], on), Owned.Tensor(b1, [count, h], on), Owned.Tensor(w2, [count, 1, h], on), Owned.Tensor(b2, [count, 1], on)];
        var activation = Activation;
        return new Optimizee(start, p => Loss(p, xs, ys, activation),
            Invariant($"{count} MLPs 1-{h}-1 ({activation}) on {k} points of a sinusoid each, seed {seed}, batch {batchIndex}"), [xs, ys]);
    }

    /// <summary>The B networks' predictions at x [B, K, 1] with weights (W1 [B, H, 1], b1 [B, H], W2 [B, 1, H], b2 [B, 1]): [B, K, 1].</summary>
    public static Tensor Forward(IReadOnlyList<Tensor> weights, Tensor x, HiddenActivation activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != 4)
            throw new ArgumentException($"A 1-H-1 network has 4 parameter tensors (W1, b1, W2, b2); got {weights.Count}.", nameof(weights));
        using var scope = NewDisposeScope();
        var pre = x.bmm(weights[0].transpose(1, 2)) + weights[1].unsqueeze(1);                  // [B, K, H]
        var hidden = activation == HiddenActivation.Sigmoid ? F.sigmoid(pre) : F.relu(pre);
        return (hidden.bmm(weights[2].transpose(1, 2)) + weights[3].unsqueeze(1)).MoveToOuterDisposeScope();   // [B, K, 1]
    }

    /// <summary>Each network's mean squared error on its points: [B].</summary>
    public static Tensor Loss(IReadOnlyList<Tensor> weights, Tensor x, Tensor y, HiddenActivation activation)
    {
        using var scope = NewDisposeScope();
        return (Forward(weights, x, activation) - y).pow(2).mean([1, 2]).MoveToOuterDisposeScope();
    }

    /// <summary>"MLP 1-20-1 (Sigmoid) on 20 points of a sinusoid".</summary>
    public override string ToString() => Invariant($"MLP 1-{Hidden}-1 ({Activation}) fitted to {Points} points of a sinusoid ({Tasks})");
}
