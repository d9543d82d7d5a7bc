namespace MetaNotebooks.Algorithms.Metric;

/// <summary>The settings of <see cref="PrototypicalNetworks"/>.</summary>
/// <param name="Hidden">Filters per Conv4 block, i.e. the embedding size at 28x28 (64 in the paper).</param>
/// <param name="Distance">Squared Euclidean (the paper) or cosine.</param>
/// <param name="CosineScale">For cosine: distances are scale * (1 - cos), so logits are not squeezed into [-1, 1].</param>
public sealed record ProtoNetOptions(int Hidden = 64, ProtoDistance Distance = ProtoDistance.SquaredEuclidean, double CosineScale = 10);
