namespace MetaNotebooks.Algorithms.Model;

/// <summary>The settings of <see cref="HyperNetworks"/>.</summary>
/// <param name="Hidden">Filters per Conv4 block of the task encoder, i.e. the embedding size D at 28x28.</param>
/// <param name="HyperHidden">Hidden units of the hypernetwork, an MLP D -> HyperHidden -> D + 1 (weights and bias of one class).</param>
public sealed record HyperNetOptions(int Hidden = 64, int HyperHidden = 256);
