using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.LearnedOptimizers;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Algorithms.Model;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// The registry of few-shot methods: every <see cref="MethodDescription"/>, looked up by name or alias, so that the CLI,
/// checkpoints, the trainer, the notebooks and the tables build and budget learners the same way.
/// </summary>
public static class Learners
{
    /// <summary>Every method, in the course's order (baselines, metric, gradient-based, model-based, learned optimizers).</summary>
    public static IReadOnlyList<MethodDescription> All { get; } =
    [
        ProtoNetMethod.Description,
        PretrainMethod.Description,
        MamlMethods.Maml,
        MamlMethods.FirstOrder,
        MamlMethods.Anil,
        MamlMethods.MetaSgd,
        ReptileMethod.Description,
        SiameseMethod.Description,
        MatchingMethod.Description,
        RelationMethod.Description,
        GnnMethod.Description,
        MannMethod.Description,
        MetaNetMethod.Description,
        HyperNetMethod.Description,
        LstmMetaMethod.Description,
    ];

    private static readonly Dictionary<string, MethodDescription> ByName = All
        .SelectMany(m => m.Aliases.Prepend(m.Name).Select(alias => (alias, m)))
        .ToDictionary(p => p.alias, p => p.m, StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical names, in order.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The description of <paramref name="method"/> (a name or an alias); an unknown name fails with the list of known ones.</summary>
    public static MethodDescription Find(string method) =>
        ByName.TryGetValue(method.Trim(), out var description)
            ? description
            : throw new ArgumentException($"Unknown method '{method}'. Known methods: {string.Join(", ", Known)}.", nameof(method));

    /// <summary>The canonical name of <paramref name="method"/>; an unknown name fails with the list of known ones.</summary>
    public static string Canonical(string method) => Find(method).Name;

    /// <summary>A fresh learner for <paramref name="config"/> (seed libtorch first for reproducible weights).</summary>
    /// <param name="config">The run's settings (method, model size, inner loop).</param>
    /// <param name="split">The class split; the pretrain baseline classifies its training classes.</param>
    /// <param name="device">Where its modules and state live: <see cref="Devices.Default"/> when null.</param>
    public static IFewShotLearner Create(TrainingConfig config, ClassSplit split, Device? device = null) =>
        Find(config.Method).Build(config, split, device ?? Devices.Default);

    /// <summary>
    /// The ways of a method's validation and test episodes: 5 for the methods whose head takes any N, the training ways
    /// for those whose classifier has a fixed number of outputs.
    /// </summary>
    public static int EvaluationWays(TrainingConfig config) => HasFixedHead(config.Method) ? config.Ways : 5;

    /// <summary>Whether the method's classifier has a fixed number of outputs (see <see cref="MethodDescription.FixedHead"/>).</summary>
    public static bool HasFixedHead(string method) => Find(method).FixedHead;

    /// <summary>The training settings of <paramref name="method"/>: its quick budget or its paper's (<paramref name="full"/>).</summary>
    public static TrainingConfig Defaults(string method, bool full) => Find(method).Budget(full ? ProfileName.Full : ProfileName.Quick);
}
