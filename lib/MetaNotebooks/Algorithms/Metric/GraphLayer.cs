using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>
/// One layer of Garcia &amp; Bruna's few-shot graph network, on B graphs of V nodes with F features each ([B, V, F]):
/// <list type="number">
/// <item><see cref="Adjacency"/>: A_ij = softmax_j(MLP(|x_i - x_j|)) with the self-connection left out (as in the
/// paper's code, which subtracts 1e8 on the diagonal), so every row of A sums to 1 over the other nodes.</item>
/// <item><see cref="Convolve"/>: the graph convolution over the operator family {I, A}: Linear([x, A x]), then batch
/// norm and a leaky ReLU on a hidden layer.</item>
/// <item><see cref="forward"/>: a hidden layer returns [x, Convolve(x)] (the paper's dense connection: new features
/// are concatenated to the node's); the output layer returns Convolve(x) alone.</item>
/// </list>
/// The adjacency network is 1x1 convolutions in the paper (Linear layers here, the same thing on each pair), each hidden
/// one followed by batch norm over all pairs and a leaky ReLU; a hidden layer's convolution is followed by batch norm
/// over all nodes, as in the paper's code. Parameters: <c>adjacency.*</c> (the MLP), <c>convolution.*</c> (the Linear)
/// and, on a hidden layer, <c>norm.*</c>.
/// </summary>
public sealed class GraphLayer : nn.Module<Tensor, Tensor>
{
    private const double LeakySlope = 0.01;
    private readonly Sequential adjacency;
    private readonly Linear convolution;
    private readonly BatchNorm1d? norm;

    /// <param name="inFeatures">F, features per node coming in.</param>
    /// <param name="outFeatures">Features the layer computes per node.</param>
    /// <param name="adjacencyFeatures">nf of the adjacency MLP (F -> 2nf -> 2nf -> nf -> nf -> 1).</param>
    /// <param name="hidden">True for a hidden layer (leaky ReLU, output concatenated to the input); false for the output layer.</param>
    public GraphLayer(int inFeatures, int outFeatures, int adjacencyFeatures, bool hidden) : base(nameof(GraphLayer))
    {
        if (inFeatures <= 0 || outFeatures <= 0 || adjacencyFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Graph layer sizes must be positive: in {inFeatures}, out {outFeatures}, adjacency {adjacencyFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Hidden = hidden;
        var widths = new[] { inFeatures, 2 * adjacencyFeatures, 2 * adjacencyFeatures, adjacencyFeatures, adjacencyFeatures };
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i + 1 < widths.Length; i++)
            layers.AddRange([nn.Linear(widths[i], widths[i + 1]), nn.BatchNorm1d(widths[i + 1]), nn.LeakyReLU(LeakySlope)]);
        layers.Add(nn.Linear(adjacencyFeatures, 1));
        adjacency = nn.Sequential(layers.ToArray());
        convolution = nn.Linear(2 * inFeatures, outFeatures);
        if (hidden) norm = nn.BatchNorm1d(outFeatures);
        RegisterComponents();
    }

    /// <summary>F, the features per node the layer reads.</summary>
    public int InFeatures { get; }

    /// <summary>The features per node the layer computes.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether this is a hidden layer (leaky ReLU, dense connection) rather than the output layer.</summary>
    public bool Hidden { get; }

    /// <summary>The learned adjacency of each graph: nodes [B, V, F] -> A [B, V, V], rows summing to 1, zero diagonal.</summary>
    public Tensor Adjacency(Tensor nodes)
    {
        Shapes.Expect(nodes, nameof(nodes), $"[B, V, F] graphs of V nodes with F = {InFeatures} features", null, null, InFeatures);
        if (nodes.size(1) < 2) throw new ArgumentException($"A graph needs at least 2 nodes to learn an adjacency; nodes has shape {Shapes.Format(nodes)}.", nameof(nodes));
        using var scope = NewDisposeScope();
        var (b, v) = (nodes.size(0), nodes.size(1));
        var differences = (nodes.unsqueeze(2) - nodes.unsqueeze(1)).abs();                // [B, V, V, F]
        var scores = adjacency.forward(differences.reshape(b * v * v, -1)).reshape(b, v, v); // one row per pair
        var self = eye(nodes.size(1), dtype: scores.dtype, device: scores.device) * 1e8;
        return F.softmax(scores - self, 2).MoveToOuterDisposeScope();
    }

    /// <summary>The graph convolution: Linear([x, A x]) (then batch norm and leaky ReLU on a hidden layer): nodes [B, V, F], A [B, V, V] -> [B, V, out].</summary>
    public Tensor Convolve(Tensor nodes, Tensor adjacencyMatrix)
    {
        Shapes.Expect(nodes, nameof(nodes), $"[B, V, F] with F = {InFeatures}", null, null, InFeatures);
        Shapes.Expect(adjacencyMatrix, nameof(adjacencyMatrix), $"[B, V, V] for the nodes' B = {nodes.size(0)}, V = {nodes.size(1)}", nodes.size(0), nodes.size(1), nodes.size(1));
        using var scope = NewDisposeScope();
        var (b, v) = (nodes.size(0), nodes.size(1));
        var messages = adjacencyMatrix.bmm(nodes);                                           // [B, V, F]
        var output = convolution.forward(cat([nodes, messages], 2).reshape(b * v, -1));      // [B*V, out]
        if (norm is not null) output = F.leaky_relu(norm.forward(output), LeakySlope);
        return output.reshape(b, v, -1).MoveToOuterDisposeScope();
    }

    /// <summary>A hidden layer: [x, Convolve(x, Adjacency(x))] ([B, V, F + out]); the output layer: Convolve(x, Adjacency(x)) ([B, V, out]).</summary>
    public override Tensor forward(Tensor nodes)
    {
        using var scope = NewDisposeScope();
        var output = Convolve(nodes, Adjacency(nodes));
        return (Hidden ? cat([nodes, output], 2) : output).MoveToOuterDisposeScope();
    }
}
