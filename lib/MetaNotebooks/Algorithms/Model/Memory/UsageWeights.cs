using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// The usage weights (Santoro et al. 2016, eq. 5): w_u = gamma * w_u_prev + w_r + w_w, a decaying record of how much
/// each slot was read and written (summed over the read heads).
/// </summary>
public static class UsageWeights
{
    /// <summary>previous usage [B, S], read weights [B, R, S], write weights [B, R, S], decay gamma in [0, 1] -> usage [B, S].</summary>
    public static Tensor Update(Tensor previousUsage, Tensor readWeights, Tensor writeWeights, double gamma)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The usage decay gamma must lie in [0, 1] (the paper: 0.95-0.99).");
        Shapes.Expect(previousUsage, nameof(previousUsage), "[B, S] (episodes, slots)", null, null);
        var (b, s) = (previousUsage.size(0), previousUsage.size(1));
        Shapes.Expect(readWeights, nameof(readWeights), $"[B, R, S] with the usage's B = {b} and S = {s}", b, null, s);
        Shapes.Expect(writeWeights, nameof(writeWeights), $"[B, R, S] with the usage's B = {b} and S = {s}", b, readWeights.size(1), s);
        using var scope = NewDisposeScope();
        return (gamma * previousUsage + readWeights.sum([1]) + writeWeights.sum([1])).MoveToOuterDisposeScope();
    }
}
