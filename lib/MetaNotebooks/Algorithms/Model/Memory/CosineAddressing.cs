using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Model.Memory;

/// <summary>
/// Content-based addressing (Santoro et al. 2016, eq. 2-3): the cosine similarity K(k, M(i)) = k . M(i) / (|k| |M(i)|)
/// of each read key with every memory row, and read weights w_r(i) = softmax_i(beta * K(k, M(i))), optionally
/// sharpened by a key strength beta &gt; 0 (beta = 1 is the paper's plain softmax).
/// Batched over episodes: memory [B, S, W] (S slots of width W), keys [B, R, W] (R read heads).
/// </summary>
public static class CosineAddressing
{
    /// <summary>Cosine similarity of each key with each memory row: memory [B, S, W], keys [B, R, W] -> [B, R, S].</summary>
    public static Tensor Similarity(Tensor memory, Tensor keys)
    {
        Shapes.Expect(memory, nameof(memory), "[B, S, W] (episodes, slots, slot width)", null, null, null);
        Shapes.Expect(keys, nameof(keys), $"[B, R, W] with the memory's B = {memory.size(0)} and W = {memory.size(2)}", memory.size(0), null, memory.size(2));
        using var scope = NewDisposeScope();
        // [B, R, 1, W] against [B, 1, S, W]: broadcasting, no matmul (which would abort on a bad shape).
        return F.cosine_similarity(keys.unsqueeze(2), memory.unsqueeze(1), dim: 3).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Read weights: softmax over slots of the (sharpened) cosine similarity. memory [B, S, W], keys [B, R, W],
    /// strength [B, R] (beta per head, or null for 1) -> [B, R, S]; each row sums to 1.
    /// </summary>
    public static Tensor ReadWeights(Tensor memory, Tensor keys, Tensor? strength = null)
    {
        using var scope = NewDisposeScope();
        var similarity = Similarity(memory, keys);
        if (strength is not null)
        {
            Shapes.Expect(strength, nameof(strength), $"[B, R] = one key strength per episode and read head", keys.size(0), keys.size(1));
            similarity = similarity * strength.unsqueeze(2);
        }
        return F.softmax(similarity, 2).MoveToOuterDisposeScope();
    }
}
