using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The first experiment of Andrychowicz et al. 2016 (section 3.1): random d-dimensional quadratics
/// f(theta) = ||W theta - y||^2 with every entry of W [d, d] and y [d] drawn from N(0, 1), and theta_0 from N(0, 0.01^2)
/// (the paper's code). Function (seed, index) is the same on every machine (<see cref="SplitMix64"/>); a held-out set is
/// another seed. <see cref="Batch"/> stacks B of them into one <see cref="Optimizee"/>: theta [B, d], the loss a vector of
/// the B functions' values.
/// </summary>
public sealed record QuadraticFunctions
{
    private const ulong FunctionStream = 0x0ADA;

    /// <summary>d, the dimension of theta (10 in the paper).</summary>
    public int Dimensions { get; init; } = 10;

    /// <summary>The standard deviation of theta_0's entries (0.01 in the paper's code).</summary>
    public double StartStd { get; init; } = 0.01;

    /// <summary>
    /// Functions <paramref name="batchIndex"/> * <paramref name="count"/> .. + count - 1 of <paramref name="seed"/>, as one
    /// optimizee: the parameter theta [B, d], the loss theta -> [B] (f of each function), on <paramref name="device"/>.
    /// </summary>
    public Optimizee Batch(long seed, long batchIndex, int count, Device? device = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, Invariant($"A batch needs at least one function, not {count}."));
        if (Dimensions < 1) throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "A quadratic needs at least one dimension.");
        var d = Dimensions;
        var w = new float[count * d * d];
        var y = new float[count * d];
        var theta = new float[count * d];
        for (var b = 0; b < count; b++)
        {
            var (wb, yb, startB) = Draw(seed, batchIndex * count + b);
            wb.CopyTo(w, b * d * d);
            yb.CopyTo(y, b * d);
            startB.CopyTo(theta, b * d);
        }
        var on = device ?? Devices.Default;
        var wTensor = Owned.Tensor(w, [count, d, d], on);
        var yTensor = Owned.Tensor(y, [count, d], on);
        var start = Owned.Tensor(theta, [count, d], on);
        return new Optimizee([start], p => Loss(wTensor, yTensor, p[0]),
            Invariant($"{count} quadratics ||W theta - y||^2, d = {d}, seed {seed}, batch {batchIndex}"), [wTensor, yTensor]);
    }

    /// <summary>
    /// Function <paramref name="index"/> of <paramref name="seed"/>: W [d, d] (row-major), y [d] and theta_0 [d], drawn in
    /// that order from one <see cref="SplitMix64"/> stream.
    /// </summary>
    public (float[] W, float[] Y, float[] Start) Draw(long seed, long index)
    {
        var rng = SplitMix64.ForKey(seed, index, FunctionStream);
        var w = Gaussian.Draw(rng, Dimensions * Dimensions);
        var y = Gaussian.Draw(rng, Dimensions);
        return (w, y, Gaussian.Draw(rng, Dimensions, StartStd));
    }

    /// <summary>||W theta - y||^2 for each of B functions: W [B, d, d], y [B, d], theta [B, d] -> [B].</summary>
    public static Tensor Loss(Tensor w, Tensor y, Tensor theta)
    {
        using var scope = NewDisposeScope();
        var residual = w.bmm(theta.unsqueeze(2)).squeeze(2) - y;
        return residual.pow(2).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>"Quadratics ||W theta - y||^2, d = 10".</summary>
    public override string ToString() => Invariant($"Quadratics ||W theta - y||^2, d = {Dimensions}, W and y ~ N(0, 1), theta_0 ~ N(0, {StartStd}^2)");
}
