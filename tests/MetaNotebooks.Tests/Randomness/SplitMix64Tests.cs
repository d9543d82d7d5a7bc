using MetaNotebooks.Randomness;

namespace MetaNotebooks.Tests;

public sealed class SplitMix64Tests
{
    [Fact]
    public void Matches_the_reference_sequence_for_seed_zero()
    {
        // Vigna's splitmix64.c with x = 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void Keyed_generators_depend_only_on_the_key()
    {
        var a = SplitMix64.ForKey(42, 7, 1).NextUInt64();
        _ = SplitMix64.ForKey(42, 6, 1).NextUInt64();
        Assert.Equal(a, SplitMix64.ForKey(42, 7, 1).NextUInt64());
        Assert.NotEqual(a, SplitMix64.ForKey(42, 8, 1).NextUInt64());
        Assert.NotEqual(a, SplitMix64.ForKey(43, 7, 1).NextUInt64());
        Assert.NotEqual(a, SplitMix64.ForKey(42, 7, 2).NextUInt64());
    }

    [Fact]
    public void NextInt_is_in_range_and_roughly_uniform()
    {
        var rng = new SplitMix64(1);
        var counts = new int[6];
        for (var i = 0; i < 60_000; i++) counts[rng.NextInt(6)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Fact]
    public void NextDouble_stays_in_the_interval()
    {
        var rng = new SplitMix64(2);
        var values = Enumerable.Range(0, 10_000).Select(_ => rng.NextDouble(-5, 5)).ToArray();
        Assert.All(values, v => Assert.InRange(v, -5, 5));
        Assert.InRange(values.Average(), -0.2, 0.2);
    }

    [Fact]
    public void Choose_and_Shuffle_give_distinct_values()
    {
        var rng = new SplitMix64(3);
        var chosen = rng.Choose(20, 16);
        Assert.Equal(16, chosen.Distinct().Count());
        Assert.All(chosen, c => Assert.InRange(c, 0, 19));
        var list = Enumerable.Range(0, 100).ToList();
        rng.Shuffle(list);
        Assert.Equal(Enumerable.Range(0, 100), list.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), list);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => rng.Choose(5, 6));
        Assert.Contains("6 distinct values out of 5", e.Message);
    }
}
