namespace MetaNotebooks.Algorithms.Model;

/// <summary>The settings of <see cref="MetaNetworks"/>.</summary>
/// <param name="Ways">N: the base learner's classes; every episode must have this many.</param>
/// <param name="Hidden">Filters per Conv4 block of the embedding, i.e. its size D at 28x28.</param>
/// <param name="MetaHidden">Hidden units of the meta learner g, applied to each gradient entry (1 -> MetaHidden -> 1).</param>
/// <param name="AttentionScale">The cosine attention over support examples is softmax(scale * cos): a sharper read of the fast-weight memory.</param>
public sealed record MetaNetOptions(int Ways = 5, int Hidden = 64, int MetaHidden = 20, double AttentionScale = 10);
