using MetaNotebooks.Randomness;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// One regression task of the MAML paper (Finn et al. 2017, section 5.1): y = Amplitude * sin(x - Phase), with inputs
/// drawn uniformly from [XMin, XMax]. Made by <see cref="SinusoidTasks"/> as a pure function of its key.
/// </summary>
/// <param name="Key">The (seed, index) that names it.</param>
/// <param name="Amplitude">A in y = A sin(x - phase).</param>
/// <param name="Phase">The phase, in radians.</param>
/// <param name="XMin">Lower end of the input range.</param>
/// <param name="XMax">Upper end of the input range.</param>
public sealed record SinusoidTask(EpisodeKey Key, double Amplitude, double Phase, double XMin = -5, double XMax = 5)
{
    private const ulong PointStream = 0x5120;

    /// <summary>The target at x.</summary>
    public double Evaluate(double x) => Amplitude * Math.Sin(x - Phase);

    /// <summary>
    /// The task's K support and Q query points: inputs uniform in [XMin, XMax], drawn from the task's key (so the same
    /// on every machine), support first. Returns (x, y) arrays.
    /// </summary>
    public (double[] SupportX, double[] SupportY, double[] QueryX, double[] QueryY) Points(int shots, int queries)
    {
        if (shots <= 0 || queries < 0)
            throw new ArgumentOutOfRangeException(nameof(shots), Invariant($"A sinusoid task needs shots > 0 and queries >= 0, not shots = {shots}, queries = {queries}."));
        var rng = SplitMix64.ForKey(Key.Seed, Key.Index, PointStream);
        var sx = Enumerable.Range(0, shots).Select(_ => rng.NextDouble(XMin, XMax)).ToArray();
        var qx = Enumerable.Range(0, queries).Select(_ => rng.NextDouble(XMin, XMax)).ToArray();
        return (sx, sx.Select(Evaluate).ToArray(), qx, qx.Select(Evaluate).ToArray());
    }

    /// <summary><paramref name="points"/> evenly spaced (x, y) over [XMin, XMax], for plotting the true curve.</summary>
    public (double[] X, double[] Y) Curve(int points = 200)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "A curve needs at least 2 points.");
        var x = Enumerable.Range(0, points).Select(i => XMin + (XMax - XMin) * i / (points - 1)).ToArray();
        return (x, x.Select(Evaluate).ToArray());
    }

    /// <summary>"Sinusoid (seed 0, #3): y = 2.31 sin(x - 1.05)".</summary>
    public override string ToString() => Invariant($"Sinusoid {Key}: y = {Amplitude:0.00} sin(x - {Phase:0.00}), x in [{XMin}, {XMax}]");
}
