using static System.FormattableString;
namespace MetaNotebooks.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014; the generator Java's SplittableRandom and xoshiro's seeding use): a
/// 64-bit generator defined by a few lines of integer arithmetic, so the same seed gives the same numbers on every
/// machine, OS and .NET version (System.Random's algorithm carries no such guarantee). Every split, episode and
/// sinusoid task in this library draws from it. Not for cryptography.
/// </summary>
public sealed class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <summary>A generator whose sequence is fixed by <paramref name="seed"/>.</summary>
    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    /// <summary>
    /// A generator for one item of a seeded family, e.g. episode <paramref name="index"/> of seed <paramref name="seed"/>.
    /// <paramref name="stream"/> separates uses (episodes, splits, sinusoids) so they never share numbers.
    /// Any (seed, index, stream) can be made directly, in any order: no need to draw items 0..index-1 first.
    /// </summary>
    public static SplitMix64 ForKey(long seed, long index, ulong stream)
    {
        var s = Mix(unchecked((ulong)seed) ^ Mix(stream * Gamma + 0x632BE59BD9B4E019UL));
        s = Mix(s ^ Mix(unchecked((ulong)index) + Gamma));
        return new SplitMix64(unchecked((long)s));
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state = unchecked(_state + Gamma);
        return Mix(_state);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "NextInt: the bound must be positive.");
        var b = (ulong)bound;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), b, out var low);
            if (low >= unchecked(0UL - b) % b) return (int)product;
        }
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Shuffles the list in place (Fisher-Yates, from the end).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// <paramref name="count"/> distinct integers from [0, <paramref name="n"/>), in random order (a partial
    /// Fisher-Yates shuffle of 0..n-1).
    /// </summary>
    public int[] Choose(int n, int count)
    {
        if (count < 0 || count > n)
            throw new ArgumentOutOfRangeException(nameof(count), count, Invariant($"Choose: cannot pick {count} distinct values out of {n}."));
        var pool = new int[n];
        for (var i = 0; i < n; i++) pool[i] = i;
        for (var i = 0; i < count; i++)
        {
            var j = i + NextInt(n - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..count];
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
