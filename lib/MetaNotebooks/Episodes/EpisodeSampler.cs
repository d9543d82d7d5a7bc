using MetaNotebooks.Data;
using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// Draws N-way K-shot episodes with Q queries per class from a class set. An episode is a pure function of its key
/// (seed, index): N distinct classes (labels 0..N-1 in the order drawn, i.e. shuffled), then K + Q distinct drawings
/// per class (the first K are the support set, the rest the query set). Cheap: no images are touched until
/// <see cref="Batch"/>. Impossible requests fail in the constructor with a message that names the numbers.
/// </summary>
public sealed class EpisodeSampler
{
    private const ulong Stream = 0xE915;
    private readonly Dictionary<string, int[]>? _byAlphabet;
    private readonly string[]? _alphabetsWithEnough;

    /// <summary>A sampler of <paramref name="ways"/>-way <paramref name="shots"/>-shot episodes with <paramref name="queries"/> queries per class.</summary>
    /// <param name="classes">The classes to draw from (one part of a split).</param>
    /// <param name="ways">N: classes per episode.</param>
    /// <param name="shots">K: support images per class.</param>
    /// <param name="queries">Q: query images per class.</param>
    /// <param name="drawingsPerClass">Images per class in the source (20 for Omniglot).</param>
    /// <param name="sameAlphabet">
    /// Draw all N classes from one alphabet (Lake et al.'s within-alphabet setting); the alphabet is drawn uniformly
    /// among those with at least N classes in <paramref name="classes"/>.
    /// </param>
    public EpisodeSampler(ClassSet classes, int ways, int shots, int queries, int drawingsPerClass = 20, bool sameAlphabet = false)
    {
        var bad = new List<string>();
        if (ways <= 0) bad.Add(Invariant($"ways (N) = {ways}"));
        if (shots <= 0) bad.Add(Invariant($"shots (K) = {shots}"));
        if (queries <= 0) bad.Add(Invariant($"queries (Q) = {queries}"));
        if (drawingsPerClass <= 0) bad.Add(Invariant($"drawingsPerClass = {drawingsPerClass}"));
        if (bad.Count > 0)
            throw new ArgumentOutOfRangeException(nameof(ways), Invariant($"Episode sizes must be positive, but {string.Join(", ", bad)}."));
        if (ways > classes.Count)
            throw new ArgumentOutOfRangeException(nameof(ways),
                Invariant($"A {ways}-way episode needs {ways} classes, but the {classes.Name} set has only {classes.Count}. Lower ways to at most {classes.Count}, or use a larger part of the split."));
        if (shots + queries > drawingsPerClass)
            throw new ArgumentOutOfRangeException(nameof(shots),
                Invariant($"{shots} shots + {queries} queries = {shots + queries} drawings per class, but each class has only {drawingsPerClass}. ") +
                Invariant($"Lower shots or queries so that they add up to at most {drawingsPerClass} (e.g. {shots}-shot with at most {Math.Max(0, drawingsPerClass - shots)} queries)."));
        if (sameAlphabet)
        {
            _byAlphabet = Enumerable.Range(0, classes.Count).GroupBy(i => classes[i].Alphabet, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            _alphabetsWithEnough = _byAlphabet.Where(a => a.Value.Length >= ways).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();
            if (_alphabetsWithEnough.Length == 0)
            {
                var largest = _byAlphabet.MaxBy(a => a.Value.Length);
                throw new ArgumentOutOfRangeException(nameof(ways),
                    Invariant($"Same-alphabet {ways}-way episodes need an alphabet with {ways} classes, but the largest alphabet in the {classes.Name} set, ") +
                    Invariant($"{largest.Key}, has {largest.Value.Length}. Lower ways to at most {largest.Value.Length}, or turn sameAlphabet off."));
            }
        }
        Classes = classes;
        Ways = ways;
        Shots = shots;
        Queries = queries;
        DrawingsPerClass = drawingsPerClass;
        SameAlphabet = sameAlphabet;
    }

    /// <summary>The classes episodes are drawn from.</summary>
    public ClassSet Classes { get; }

    /// <summary>N: classes per episode.</summary>
    public int Ways { get; }

    /// <summary>K: support images per class.</summary>
    public int Shots { get; }

    /// <summary>Q: query images per class.</summary>
    public int Queries { get; }

    /// <summary>Images per class in the source.</summary>
    public int DrawingsPerClass { get; }

    /// <summary>Whether every episode's classes share one alphabet.</summary>
    public bool SameAlphabet { get; }

    /// <summary>
    /// The generator episode <paramref name="key"/> is drawn from: <see cref="Sample(EpisodeKey)"/> first picks the
    /// classes with <c>Choose(classes, N)</c> (label i is the i-th class picked), then, for each label in order, the
    /// drawings with <c>Choose(drawings per class, K + Q)</c> (the first K are support, the rest query). Lets a reader
    /// rebuild an episode by hand and compare.
    /// </summary>
    public static SplitMix64 Generator(EpisodeKey key) => SplitMix64.ForKey(key.Seed, key.Index, Stream);

    /// <summary>The episode named by <paramref name="key"/>: the same on every machine, whatever was sampled before.</summary>
    public Episode Sample(EpisodeKey key)
    {
        var rng = Generator(key);
        int[] picked;
        if (_byAlphabet is null)
        {
            picked = rng.Choose(Classes.Count, Ways);
        }
        else
        {
            var pool = _byAlphabet[_alphabetsWithEnough![rng.NextInt(_alphabetsWithEnough.Length)]];
            picked = rng.Choose(pool.Length, Ways).Select(i => pool[i]).ToArray();
        }
        var classes = picked.Select(i => Classes[i]).ToArray();
        var support = new EpisodeItem[Ways * Shots];
        var query = new EpisodeItem[Ways * Queries];
        for (var label = 0; label < Ways; label++)
        {
            var drawings = rng.Choose(DrawingsPerClass, Shots + Queries);
            var first = (long)classes[label].Class * DrawingsPerClass;
            for (var k = 0; k < Shots; k++) support[label * Shots + k] = new EpisodeItem(label, drawings[k], first + drawings[k]);
            for (var q = 0; q < Queries; q++) query[label * Queries + q] = new EpisodeItem(label, drawings[Shots + q], first + drawings[Shots + q]);
        }
        return new Episode(key, Ways, Shots, Queries, classes, new SupportSet(support), new QuerySet(query));
    }

    /// <summary>Episode <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public Episode Sample(long seed, long index) => Sample(new EpisodeKey(seed, index));

    /// <summary>Episodes (seed, start), (seed, start + 1), ..., <paramref name="count"/> of them.</summary>
    public IReadOnlyList<Episode> Sample(long seed, long start, int count) =>
        Enumerable.Range(0, count).Select(i => Sample(new EpisodeKey(seed, start + i))).ToArray();

    /// <summary>
    /// Task batch number <paramref name="batchIndex"/> of <paramref name="seed"/>: episodes
    /// batchIndex * tasks .. batchIndex * tasks + tasks - 1, as tensors (see <see cref="TaskBatch"/>).
    /// </summary>
    public TaskBatch Batch(IEpisodeSource source, long seed, long batchIndex, int tasks, Device? device = null)
    {
        if (tasks <= 0) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, Invariant($"A task batch needs at least one task, not {tasks}."));
        return TaskBatch.Create(source, Sample(seed, batchIndex * tasks, tasks), device);
    }

    /// <summary>"5-way 1-shot 15-query episodes from test: 423 classes from 38 alphabets".</summary>
    public override string ToString() =>
        Invariant($"{Ways}-way {Shots}-shot {Queries}-query episodes{(SameAlphabet ? " (same alphabet)" : "")} from {Classes}");
}
