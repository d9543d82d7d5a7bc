using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// The state of a least-recently-used-access memory between time steps, batched over B episodes: the memory
/// M [B, S, W], the usage w_u [B, S], the last read weights w_r [B, R, S] and the least-used weights w_lu [B, S].
/// </summary>
/// <param name="Memory">M_{t-1}: [B, S, W].</param>
/// <param name="Usage">w_u_{t-1}: [B, S].</param>
/// <param name="ReadWeights">w_r_{t-1}: [B, R, S].</param>
/// <param name="LeastUsed">w_lu_{t-1}: [B, S] (0/1).</param>
public sealed record LruaState(Tensor Memory, Tensor Usage, Tensor ReadWeights, Tensor LeastUsed)
{
    /// <summary>The value every memory entry starts at: small, so that a cosine with an empty slot is defined.</summary>
    public const double InitialValue = 1e-6;

    /// <summary>
    /// The state before the first step: every entry of M at <see cref="InitialValue"/>, usage 0, read weights 0, and
    /// the least-used weights of zero usage (the first <paramref name="reads"/> slots).
    /// </summary>
    public static LruaState Initial(long episodes, int slots, int width, int reads, Device? device = null)
    {
        if (episodes < 1 || slots < 1 || width < 1 || reads < 1 || reads > slots)
            throw new ArgumentOutOfRangeException(nameof(slots),
                Invariant($"A memory needs at least one episode, slot, column and read head, and no more heads than slots: episodes {episodes}, slots {slots}, width {width}, reads {reads}."));
        var usage = zeros(episodes, slots, device: device);
        return new LruaState(full(episodes, slots, width, InitialValue, device: device), usage, zeros(episodes, reads, slots, device: device), LeastUsedWeights.Of(usage, reads));
    }

    /// <summary>S, the number of slots.</summary>
    public long Slots => Memory.size(1);

    /// <summary>W, the width of a slot.</summary>
    public long Width => Memory.size(2);

    /// <summary>R, the number of read (and write) heads.</summary>
    public long Reads => ReadWeights.size(1);

    /// <summary>The state with each tensor repeated <paramref name="times"/> times along the batch (episode i's copies next to each other).</summary>
    public LruaState RepeatEach(long times) => new(
        Memory.repeat_interleave(times, 0), Usage.repeat_interleave(times, 0), ReadWeights.repeat_interleave(times, 0), LeastUsed.repeat_interleave(times, 0));

    /// <summary>Moves every tensor to the outer dispose scope (to leave a step's scope).</summary>
    public LruaState MoveToOuterDisposeScope() => new(
        Memory.MoveToOuterDisposeScope(), Usage.MoveToOuterDisposeScope(), ReadWeights.MoveToOuterDisposeScope(), LeastUsed.MoveToOuterDisposeScope());
}
