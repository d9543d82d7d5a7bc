using MetaNotebooks.Data;
using System.Security.Cryptography;
using System.Text;
using MetaNotebooks.Tensors;
using MetaNotebooks.Episodes;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// A fixed set of evaluation episodes, e.g. 600 test episodes: keys (seed, 0) .. (seed, count - 1) of a sampler.
/// The same sampler settings and seed give the same episodes on every machine; <see cref="Fingerprint"/> shows it.
/// </summary>
public sealed class EpisodeSet
{
    /// <summary>Episodes (seed, 0) .. (seed, count - 1) of <paramref name="sampler"/>.</summary>
    public EpisodeSet(EpisodeSampler sampler, long seed = 0, int count = 600)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, Invariant($"An evaluation set needs at least one episode, not {count}."));
        Sampler = sampler;
        Seed = seed;
        Episodes = sampler.Sample(seed, 0, count);
    }

    /// <summary>The sampler the episodes come from.</summary>
    public EpisodeSampler Sampler { get; }

    /// <summary>The seed of the keys.</summary>
    public long Seed { get; }

    /// <summary>The episodes, in key order.</summary>
    public IReadOnlyList<Episode> Episodes { get; }

    /// <summary>Number of episodes.</summary>
    public int Count => Episodes.Count;

    /// <summary>The episodes in task batches of <paramref name="tasks"/> (the last may be smaller), as tensors on <paramref name="device"/> (<see cref="Devices.Default"/> when null).</summary>
    public IEnumerable<TaskBatch> Batches(IEpisodeSource source, int tasks = 50, Device? device = null)
    {
        if (tasks <= 0) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, "Batches need at least one task each.");
        for (var start = 0; start < Count; start += tasks)
            yield return TaskBatch.Create(source, Episodes.Skip(start).Take(tasks).ToArray(), device);
    }

    /// <summary>First 16 hex digits of a SHA-256 over every episode's <see cref="Episode.Details"/>.</summary>
    public string Fingerprint
    {
        get
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var e in Episodes) hash.AppendData(Encoding.UTF8.GetBytes(e.Details + "\n"));
            return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        }
    }

    /// <summary>"600 episodes (seed 0) of 5-way 1-shot 15-query episodes from test: ...; fingerprint ...".</summary>
    public override string ToString() => Invariant($"{Count} episodes (seed {Seed}) of {Sampler}; fingerprint {Fingerprint}");
}
