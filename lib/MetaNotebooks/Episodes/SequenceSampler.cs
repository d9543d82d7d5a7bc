using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// Santoro et al. 2016's episodes: N classes (labels shuffled per episode), <see cref="Instances"/> drawings of each,
/// presented as one shuffled sequence of N * instances steps. Built on <see cref="EpisodeSampler"/> (an episode with
/// 1 support and instances - 1 query drawings per class, all used) and <see cref="SequenceOrder"/>, so a sequence is
/// a pure function of its key (seed, index), like every episode of the course.
/// </summary>
public sealed class SequenceSampler
{
    /// <summary>Sequences of <paramref name="ways"/> classes with <paramref name="instances"/> drawings each (the paper: 5 and 10).</summary>
    public SequenceSampler(ClassSet classes, int ways, int instances, int drawingsPerClass = 20)
    {
        if (instances < 2)
            throw new ArgumentOutOfRangeException(nameof(instances), instances, Invariant($"A sequence shows each class at least twice (instances >= 2), not {instances}."));
        Episodes = new EpisodeSampler(classes, ways, 1, instances - 1, drawingsPerClass);
        Instances = instances;
    }

    /// <summary>The episodes the sequences are made of.</summary>
    public EpisodeSampler Episodes { get; }

    /// <summary>N, classes per sequence.</summary>
    public int Ways => Episodes.Ways;

    /// <summary>Drawings of each class per sequence.</summary>
    public int Instances { get; }

    /// <summary>T = N * instances, steps per sequence.</summary>
    public int Length => Ways * Instances;

    /// <summary>Sequences (seed, batchIndex * count) .. (seed, batchIndex * count + count - 1), as tensors.</summary>
    public SequenceBatch Batch(IEpisodeSource source, long seed, long batchIndex, int count, Device? device = null)
    {
        using var tasks = Episodes.Batch(source, seed, batchIndex, count, device);
        return SequenceBatch.FromTaskBatch(tasks);
    }

    /// <summary>"5-way sequences of 10 instances (50 steps) from test: ...".</summary>
    public override string ToString() => Invariant($"{Ways}-way sequences of {Instances} instances ({Length} steps) from {Episodes.Classes}");
}
