using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// The least-used weights (Santoro et al. 2016, eq. 6): w_lu(i) = 1 if w_u(i) is among the n smallest usages, 0
/// otherwise (the paper: w_u(i) &lt;= m(w_u, n), the n-th smallest, with n the number of reads). Exactly n ones per
/// episode: ties are broken towards the lower slot index (a stable sort), so the result is deterministic. Not
/// differentiable (an indicator); it carries no gradient.
/// </summary>
public static class LeastUsedWeights
{
    /// <summary>usage [B, S], n in 1..S -> float 0/1 weights [B, S] with n ones per row.</summary>
    public static Tensor Of(Tensor usage, int n)
    {
        Shapes.Expect(usage, nameof(usage), "[B, S] (episodes, slots)", null, null);
        if (n < 1 || n > usage.size(1))
            throw new ArgumentOutOfRangeException(nameof(n), n, Invariant($"The least-used weights mark n slots, 1 <= n <= {usage.size(1)} (the number of slots); got n = {n}."));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (_, order) = usage.detach().sort(1, descending: false, stable: true);
        var smallest = order.narrow(1, 0, n);
        var weights = zeros_like(usage).scatter_(1, smallest, ones_like(smallest, dtype: usage.dtype));
        return weights.MoveToOuterDisposeScope();
    }
}
