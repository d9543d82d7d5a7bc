using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>The read vector (Santoro et al. 2016, eq. 4): r = sum_i w_r(i) M(i), one per read head.</summary>
public static class MemoryRead
{
    /// <summary>memory [B, S, W], read weights [B, R, S] -> read vectors [B, R, W].</summary>
    public static Tensor Read(Tensor memory, Tensor readWeights)
    {
        Shapes.Expect(memory, nameof(memory), "[B, S, W] (episodes, slots, slot width)", null, null, null);
        Shapes.Expect(readWeights, nameof(readWeights), $"[B, R, S] with the memory's B = {memory.size(0)} and S = {memory.size(1)}", memory.size(0), null, memory.size(1));
        return readWeights.bmm(memory);
    }
}
