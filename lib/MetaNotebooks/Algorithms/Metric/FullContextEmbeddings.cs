using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// Matching Networks' full context embeddings (Vinyals et al. 2016, appendix A): the support set is embedded in the
/// context of the whole support set, and each query in the context of the support set.
/// <list type="bullet">
/// <item>g (<see cref="Support"/>): a bidirectional LSTM reads the support embeddings g'(x_i) in order;
/// g(x_i) = h_fw_i + h_bw_i + g'(x_i) (a skip connection), so g depends on the order of the support set.</item>
/// <item>f (<see cref="Query"/>): an attention LSTM (an LSTM cell) runs K processing steps on f'(x): with
/// h_0 = f'(x), c_0 = 0, each step reads r = sum_i softmax(h . g(x_i)) g(x_i) and sets
/// (h^, c) = LSTMCell(f'(x), (h + r, c)), h = h^ + f'(x). The paper's cell state is the concatenation [h, r];
/// here it is the sum h + r, so the cell's hidden size stays D (as common reimplementations do).</item>
/// </list>
/// Parameters: <c>support.*</c> (the bidirectional LSTM, D -> D per direction) and <c>query.*</c> (the cell, D -> D).
/// </summary>
public sealed class FullContextEmbeddings : nn.Module
{
    private readonly LSTM support;
    private readonly LSTMCell query;

    /// <param name="size">D, the embedding size.</param>
    /// <param name="processingSteps">K, the attention LSTM's steps (at least 1).</param>
    public FullContextEmbeddings(int size, int processingSteps) : base(nameof(FullContextEmbeddings))
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The embedding size D must be positive.");
        if (processingSteps < 1) throw new ArgumentOutOfRangeException(nameof(processingSteps), processingSteps, "FCE needs at least one processing step (K).");
        Size = size;
        ProcessingSteps = processingSteps;
        support = nn.LSTM(size, size, bidirectional: true);
        query = nn.LSTMCell(size, size);
        RegisterComponents();
    }

    /// <summary>D, the size of every embedding in and out.</summary>
    public int Size { get; }

    /// <summary>K, the attention LSTM's processing steps.</summary>
    public int ProcessingSteps { get; }

    /// <summary>g: support embeddings g'(x_i) [S, D], in support-set order -> [S, D] (h_fw + h_bw + g').</summary>
    public Tensor Support(Tensor embeddings)
    {
        Shapes.Expect(embeddings, nameof(embeddings), $"[S, D] support embeddings with D = {Size}", null, Size);
        if (embeddings.size(0) == 0) throw new ArgumentException("The support set is empty (K = 0 shots): FCE needs at least one support embedding.", nameof(embeddings));
        using var scope = NewDisposeScope();
        var (output, _, _) = support.forward(embeddings.unsqueeze(1)); // sequence [S, batch 1, D] -> [S, 1, 2D]
        var both = output.squeeze(1);
        var g = both.narrow(1, 0, Size) + both.narrow(1, Size, Size) + embeddings;
        return g.MoveToOuterDisposeScope();
    }

    /// <summary>f: query embeddings f'(x) [M, D] attending over the context-embedded support set g [S, D] -> [M, D].</summary>
    public Tensor Query(Tensor embeddings, Tensor supportContext)
    {
        Shapes.Expect(embeddings, nameof(embeddings), $"[M, D] query embeddings with D = {Size}", null, Size);
        Shapes.Expect(supportContext, nameof(supportContext), $"[S, D] support embeddings with D = {Size}", null, Size);
        if (supportContext.size(0) == 0) throw new ArgumentException("The support set is empty (K = 0 shots): the attention LSTM has nothing to read.", nameof(supportContext));
        using var scope = NewDisposeScope();
        var h = embeddings;
        var c = zeros_like(embeddings);
        for (var k = 0; k < ProcessingSteps; k++)
        {
            var attention = F.softmax(h.mm(supportContext.t()), 1); // [M, S]
            var readout = attention.mm(supportContext);             // [M, D]
            var (hHat, cNext) = query.forward(embeddings, (h + readout, c));
            h = hHat + embeddings;
            c = cNext;
        }
        return h.MoveToOuterDisposeScope();
    }
}
