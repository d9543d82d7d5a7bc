namespace MetaNotebooks.Algorithms.Metric;

/// <summary>The settings of <see cref="GraphNeuralNetworks"/> (Garcia &amp; Bruna 2018's Omniglot model by default).</summary>
/// <param name="Ways">N: the classes of every episode; the one-hot label part of each node and the output have N entries (5 or 20 in the paper, one model each).</param>
/// <param name="Hidden">Filters per Conv4 block, i.e. the image embedding size at 28x28 (64 in the paper).</param>
/// <param name="Layers">Hidden graph layers before the output layer (2 in the paper).</param>
/// <param name="NodeFeatures">Features each hidden graph layer adds to every node (48 = nf / 2 in the paper).</param>
/// <param name="AdjacencyFeatures">nf: the adjacency network is |x_i - x_j| -> 2nf -> 2nf -> nf -> nf -> 1 (96 in the paper).</param>
public sealed record GnnOptions(int Ways = 5, int Hidden = 64, int Layers = 2, int NodeFeatures = 48, int AdjacencyFeatures = 96);
