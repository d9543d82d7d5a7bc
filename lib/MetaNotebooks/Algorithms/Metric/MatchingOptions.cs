namespace MetaNotebooks.Algorithms.Metric;

/// <summary>The settings of <see cref="MatchingNetworks"/>.</summary>
/// <param name="Hidden">Filters per Conv4 block, i.e. the embedding size D at 28x28 (64 in the paper).</param>
/// <param name="FullContextEmbeddings">
/// Full context embeddings (the paper's FCE): the support embeddings pass through a bidirectional LSTM and each query
/// embedding through an attention LSTM reading the support set. Off by default: on Omniglot the simple embedding
/// already does the job, it keeps the classifier invariant to the order of the support set, and it is cheaper.
/// </param>
/// <param name="ProcessingSteps">FCE: K, the attention LSTM's processing steps over the support set.</param>
/// <param name="CosineScale">
/// The attention is softmax(scale * cos(f(x), g(x_i))). The paper's softmax over plain cosines is scale 1; cosines lie
/// in [-1, 1], so a softmax over them can never be confident (5-way: p &lt;= 0.65), and a fixed scale lets the loss
/// reach zero without changing which support image wins.
/// </param>
public sealed record MatchingOptions(int Hidden = 64, bool FullContextEmbeddings = false, int ProcessingSteps = 5, double CosineScale = 10);
