using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;
using MetaNotebooks.Training;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// The trainable methods by name, so that the CLI, checkpoints and the leaderboard build learners the same way:
/// "protonet" (Prototypical Networks) and "pretrain" (pretrain then fine-tune baseline).
/// </summary>
public static class Learners
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["protonet"] = "protonet",
        ["prototypical"] = "protonet",
        ["pretrain"] = "pretrain",
        ["pretrain-finetune"] = "pretrain",
    };

    /// <summary>The canonical names, in order.</summary>
    public static IReadOnlyList<string> Known { get; } = ["protonet", "pretrain"];

    /// <summary>The canonical name of <paramref name="method"/>; an unknown name fails with the list of known ones.</summary>
    public static string Canonical(string method) =>
        Aliases.TryGetValue(method.Trim(), out var name)
            ? name
            : throw new ArgumentException($"Unknown method '{method}'. Known methods: {string.Join(", ", Known)}.", nameof(method));

    /// <summary>A fresh learner for <paramref name="config"/> (seed libtorch first for reproducible weights).</summary>
    /// <param name="config">The run's settings (method, model size).</param>
    /// <param name="split">The class split; the pretrain baseline classifies its training classes.</param>
    public static IFewShotLearner Create(TrainingConfig config, ClassSplit split) => Canonical(config.Method) switch
    {
        "protonet" => new PrototypicalNetworks(new ProtoNetOptions(Hidden: config.Hidden)),
        "pretrain" => new PretrainFinetune(split.Train.Classes, new PretrainOptions(Hidden: config.Hidden)),
        var other => throw new InvalidOperationException($"No factory for method '{other}'."),
    };
}
