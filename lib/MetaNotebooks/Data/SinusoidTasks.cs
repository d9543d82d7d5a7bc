using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// The sinusoid task family of the MAML paper (section 5.1): amplitude uniform in [0.1, 5.0], phase uniform in
/// [0, pi], inputs uniform in [-5, 5]. Task (seed, index) is the same on every machine.
/// </summary>
public sealed record SinusoidTasks
{
    private const ulong TaskStream = 0x51A5;

    /// <summary>Smallest amplitude (0.1).</summary>
    public double AmplitudeMin { get; init; } = 0.1;

    /// <summary>Largest amplitude (5.0).</summary>
    public double AmplitudeMax { get; init; } = 5.0;

    /// <summary>Smallest phase (0).</summary>
    public double PhaseMin { get; init; }

    /// <summary>Largest phase (pi).</summary>
    public double PhaseMax { get; init; } = Math.PI;

    /// <summary>Lower end of the input range (-5).</summary>
    public double XMin { get; init; } = -5;

    /// <summary>Upper end of the input range (5).</summary>
    public double XMax { get; init; } = 5;

    /// <summary>The task named by <paramref name="key"/>.</summary>
    public SinusoidTask Task(EpisodeKey key)
    {
        var rng = SplitMix64.ForKey(key.Seed, key.Index, TaskStream);
        var amplitude = rng.NextDouble(AmplitudeMin, AmplitudeMax);
        var phase = rng.NextDouble(PhaseMin, PhaseMax);
        return new SinusoidTask(key, amplitude, phase, XMin, XMax);
    }

    /// <summary>Task <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public SinusoidTask Task(long seed, long index) => Task(new EpisodeKey(seed, index));

    /// <summary>
    /// Batch number <paramref name="batchIndex"/> of <paramref name="seed"/>: tasks batchIndex * tasks .. + tasks - 1,
    /// each with <paramref name="shots"/> support and <paramref name="queries"/> query points, as tensors on
    /// <paramref name="device"/> (<see cref="Devices.Default"/> when null).
    /// </summary>
    public SinusoidBatch Batch(long seed, long batchIndex, int tasks, int shots, int queries, Device? device = null)
    {
        if (tasks <= 0) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, Invariant($"A batch needs at least one task, not {tasks}."));
        var list = Enumerable.Range(0, tasks).Select(i => Task(seed, batchIndex * tasks + i)).ToArray();
        var sx = new float[tasks * shots];
        var sy = new float[tasks * shots];
        var qx = new float[tasks * queries];
        var qy = new float[tasks * queries];
        for (var t = 0; t < tasks; t++)
        {
            var p = list[t].Points(shots, queries);
            for (var k = 0; k < shots; k++) (sx[t * shots + k], sy[t * shots + k]) = ((float)p.SupportX[k], (float)p.SupportY[k]);
            for (var q = 0; q < queries; q++) (qx[t * queries + q], qy[t * queries + q]) = ((float)p.QueryX[q], (float)p.QueryY[q]);
        }
        var target = device ?? Devices.Default;
        return new SinusoidBatch(list,
            torch.tensor(sx, [tasks, shots, 1], device: target).DetachFromDisposeScope(), torch.tensor(sy, [tasks, shots, 1], device: target).DetachFromDisposeScope(),
            torch.tensor(qx, [tasks, queries, 1], device: target).DetachFromDisposeScope(), torch.tensor(qy, [tasks, queries, 1], device: target).DetachFromDisposeScope());
    }

    /// <summary>"Sinusoids: amplitude U[0.1, 5], phase U[0, 3.14], x U[-5, 5]".</summary>
    public override string ToString() =>
        Invariant($"Sinusoids: amplitude U[{AmplitudeMin}, {AmplitudeMax}], phase U[{PhaseMin:0.##}, {PhaseMax:0.##}], x U[{XMin}, {XMax}]");
}
