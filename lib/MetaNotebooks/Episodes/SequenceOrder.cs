using MetaNotebooks.Data;
using MetaNotebooks.Randomness;

namespace MetaNotebooks.Episodes;

/// <summary>
/// The order in which an episode's images are presented as a sequence (Santoro et al.'s protocol): a permutation of
/// its items that is a pure function of the episode's key, so the same episode is always presented the same way.
/// </summary>
public static class SequenceOrder
{
    private const ulong Stream = 0x5E9;

    /// <summary>A permutation of 0..length-1 drawn from episode <paramref name="key"/>'s own generator stream.</summary>
    public static int[] Of(EpisodeKey key, int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "A sequence cannot have a negative length.");
        var order = Enumerable.Range(0, length).ToArray();
        SplitMix64.ForKey(key.Seed, key.Index, Stream).Shuffle(order);
        return order;
    }
}
