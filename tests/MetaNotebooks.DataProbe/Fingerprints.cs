using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;

namespace MetaNotebooks.DataProbe;

/// <summary>Fingerprints of every split and of fixed episode sets: equal text means equal data, in any process.</summary>
public static class Fingerprints
{
    /// <summary>One line per split and per fixed episode set.</summary>
    public static string Compute(IReadOnlyList<OmniglotClass> classes)
    {
        var lines = new List<string>();
        var splits = new[]
        {
            OmniglotSplits.Lake(classes),
            OmniglotSplits.Vinyals(classes, seed: 0),
            OmniglotSplits.Maml(classes, seed: 1),
            OmniglotSplits.ByAlphabet(classes, seed: 2),
            OmniglotSplits.Vinyals(classes, seed: 0).WithRotations(),
        };
        foreach (var split in splits) lines.Add(split.ToString());
        var vinyals = splits[4];
        lines.Add(new EpisodeSet(new EpisodeSampler(vinyals.Test, 5, 1, 15), seed: 0, count: 600).ToString());
        lines.Add(new EpisodeSet(new EpisodeSampler(vinyals.Test, 20, 5, 15), seed: 7, count: 600).ToString());
        lines.Add(new EpisodeSet(new EpisodeSampler(splits[0].Test, 20, 1, 5, sameAlphabet: true), seed: 3, count: 100).ToString());
        var sinusoids = new SinusoidTasks();
        lines.Add(string.Join(" | ", Enumerable.Range(0, 3).Select(i => sinusoids.Task(0, i).ToString())));
        return string.Join("\n", lines);
    }

    /// <summary>"images 28x28: sha256 ...": the first 16 hex digits of SHA-256 over every decoded, resized pixel (changes with the decoder or the resize).</summary>
    public static string Images(Omniglot omniglot)
    {
        var pixels = omniglot.Pixels;
        using var cpu = pixels.contiguous();
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(cpu.bytes)).ToLowerInvariant()[..16];
        return $"images {omniglot.ImageSize}x{omniglot.ImageSize} ({string.Join(" x ", pixels.shape)} bytes): sha256 {hash}";
    }
}
