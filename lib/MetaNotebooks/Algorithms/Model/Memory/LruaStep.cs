using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// One time step of least-recently-used access (Santoro et al. 2016, section 3.1), the equations of this folder in
/// order. With keys k_t [B, R, W], gate logits alpha [B, R] and key strengths beta [B, R] from the controller:
/// <list type="number">
/// <item>write weights w_w = sigmoid(alpha) w_r_{t-1} + (1 - sigmoid(alpha)) w_lu_{t-1} (<see cref="WriteWeights"/>);</item>
/// <item>M_t = clear(M_{t-1}, w_lu_{t-1}) + w_w a_t (<see cref="MemoryWrite"/>), with a_t = k_t in the paper, or a
/// separate write vector;</item>
/// <item>read weights w_r = softmax(beta * cos(k_t, M_t)) (<see cref="CosineAddressing"/>) and read vectors
/// r_t = w_r M_t (<see cref="MemoryRead"/>);</item>
/// <item>usage w_u = gamma w_u_{t-1} + w_r + w_w (<see cref="UsageWeights"/>) and w_lu_t, its R least-used slots
/// (<see cref="LeastUsedWeights"/>).</item>
/// </list>
/// The write comes before the read, as the paper's M_t in r_t = sum_i w_r(i) M_t(i) says. It is what binds a label to
/// its image: step t writes k_t (image x_t) to a fresh slot and then reads it back, so w_r_t points at that slot; at step
/// t+1 the controller sees y_t, and the sigmoid(alpha) w_r_t part of the write adds k_{t+1} (which carries y_t) to the
/// same slot.
/// </summary>
public static class LruaStep
{
    /// <summary>
    /// One step: the read vectors [B, R, W], the write weights used [B, R, S], and the next state (whose read weights are
    /// this step's). <paramref name="writeVectors"/> [B, R, W] is what is written (null: the keys, as in the paper's eq. 8).
    /// </summary>
    public static (Tensor Reads, Tensor WriteWeights, LruaState Next) Run(LruaState state, Tensor keys, Tensor gate, Tensor? strength, double gamma, Tensor? writeVectors = null)
    {
        using var scope = NewDisposeScope();
        var writeWeights = WriteWeights.Of(gate, state.ReadWeights, state.LeastUsed);
        var memory = MemoryWrite.Write(MemoryWrite.ClearLeastUsed(state.Memory, state.LeastUsed), writeWeights, writeVectors ?? keys);
        var readWeights = CosineAddressing.ReadWeights(memory, keys, strength);
        var reads = MemoryRead.Read(memory, readWeights);
        var usage = UsageWeights.Update(state.Usage, readWeights, writeWeights, gamma);
        var next = new LruaState(memory, usage, readWeights, LeastUsedWeights.Of(usage, (int)state.Reads));
        return (reads.MoveToOuterDisposeScope(), writeWeights.MoveToOuterDisposeScope(), next.MoveToOuterDisposeScope());
    }
}
