using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// Writing to memory (Santoro et al. 2016, eq. 8): the least-used slot(s) are cleared first (set to zero with the
/// previous step's w_lu), then M_t(i) = M_{t-1}(i) + w_w(i) k_t, summed over the write heads.
/// </summary>
public static class MemoryWrite
{
    /// <summary>M with the slots marked by <paramref name="previousLeastUsed"/> [B, S] (0/1) set to zero: [B, S, W] -> [B, S, W].</summary>
    public static Tensor ClearLeastUsed(Tensor memory, Tensor previousLeastUsed)
    {
        Shapes.Expect(memory, nameof(memory), "[B, S, W] (episodes, slots, slot width)", null, null, null);
        Shapes.Expect(previousLeastUsed, nameof(previousLeastUsed), $"[B, S] with the memory's B = {memory.size(0)} and S = {memory.size(1)}", memory.size(0), memory.size(1));
        using var scope = NewDisposeScope();
        return (memory * (1 - previousLeastUsed).unsqueeze(2)).MoveToOuterDisposeScope();
    }

    /// <summary>M + sum over heads of w_w(i) k: memory [B, S, W], write weights [B, R, S], keys [B, R, W] -> [B, S, W].</summary>
    public static Tensor Write(Tensor memory, Tensor writeWeights, Tensor keys)
    {
        Shapes.Expect(memory, nameof(memory), "[B, S, W] (episodes, slots, slot width)", null, null, null);
        var (b, s, w) = (memory.size(0), memory.size(1), memory.size(2));
        Shapes.Expect(writeWeights, nameof(writeWeights), $"[B, R, S] with the memory's B = {b} and S = {s}", b, null, s);
        Shapes.Expect(keys, nameof(keys), $"[B, R, W] with B = {b}, the write weights' R = {writeWeights.size(1)} and the memory's W = {w}", b, writeWeights.size(1), w);
        using var scope = NewDisposeScope();
        return (memory + writeWeights.transpose(1, 2).bmm(keys)).MoveToOuterDisposeScope();
    }
}
