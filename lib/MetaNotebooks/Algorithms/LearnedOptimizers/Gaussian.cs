using MetaNotebooks.Randomness;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>Standard normal draws from <see cref="SplitMix64"/> (Box-Muller), so seeded functions are the same on every machine.</summary>
internal static class Gaussian
{
    /// <summary><paramref name="count"/> draws from N(0, <paramref name="std"/>^2), as float32.</summary>
    public static float[] Draw(SplitMix64 rng, int count, double std = 1)
    {
        var values = new float[count];
        for (var i = 0; i < count; i += 2)
        {
            var u1 = 1.0 - rng.NextDouble();   // (0, 1]: the log is finite
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2 * Math.Log(u1)) * std;
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count) values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return values;
    }
}
