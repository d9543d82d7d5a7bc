using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// The write weights of least-recently-used access (Santoro et al. 2016, eq. 7):
/// w_w = sigmoid(alpha) * w_r_prev + (1 - sigmoid(alpha)) * w_lu_prev, a learned gate between writing to the slots
/// read at the previous step (updating what was just recalled) and writing to the least-used slots (a fresh memory).
/// </summary>
public static class WriteWeights
{
    /// <summary>gate logits alpha [B, R], previous read weights [B, R, S], previous least-used weights [B, S] -> [B, R, S].</summary>
    public static Tensor Of(Tensor gate, Tensor previousReadWeights, Tensor previousLeastUsed)
    {
        Shapes.Expect(previousReadWeights, nameof(previousReadWeights), "[B, R, S] (episodes, read heads, slots)", null, null, null);
        var (b, r, s) = (previousReadWeights.size(0), previousReadWeights.size(1), previousReadWeights.size(2));
        Shapes.Expect(gate, nameof(gate), $"[B, R] = one gate per episode and head, B = {b}, R = {r}", b, r);
        Shapes.Expect(previousLeastUsed, nameof(previousLeastUsed), $"[B, S] with B = {b}, S = {s}", b, s);
        using var scope = NewDisposeScope();
        var sigma = torch.sigmoid(gate).unsqueeze(2);
        return (sigma * previousReadWeights + (1 - sigma) * previousLeastUsed.unsqueeze(1)).MoveToOuterDisposeScope();
    }
}
