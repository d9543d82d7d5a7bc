namespace MetaNotebooks.Algorithms.Metric;

/// <summary>The settings of <see cref="RelationNetworks"/>.</summary>
/// <param name="Hidden">Filters of every convolution, embedding and relation module alike (64 in the paper).</param>
/// <param name="RelationHidden">Width of the relation module's hidden fully connected layer (8 in the paper).</param>
public sealed record RelationOptions(int Hidden = 64, int RelationHidden = 8);
