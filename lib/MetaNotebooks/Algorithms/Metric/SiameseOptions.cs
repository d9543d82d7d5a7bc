namespace MetaNotebooks.Algorithms.Metric;

/// <summary>The settings of <see cref="SiameseNetworks"/>.</summary>
/// <param name="Hidden">Filters per Conv4 block, i.e. the embedding size at 28x28 (Koch et al.'s 105x105 network ends in a 4096-d layer).</param>
/// <param name="PairsPerImage">Verification pairs per image of a training episode: this many same-class and as many different-class partners.</param>
public sealed record SiameseOptions(int Hidden = 64, int PairsPerImage = 2);
