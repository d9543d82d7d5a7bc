using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// One few-shot method as the course knows it: its name and aliases, its family, how to build it, its quick and full
/// training budgets, whether its head fixes the number of ways, and its papers' numbers. Each method keeps its
/// description beside its code (for example <c>Metric/ProtoNetMethod.cs</c>); <see cref="Learners"/> collects them, and
/// the CLI, the trainer, the notebooks and the tables read them from there. A new method is one folder of files and
/// one line in <see cref="Learners.All"/>.
/// </summary>
/// <param name="Name">The canonical name used by the CLI and in checkpoints ("protonet").</param>
/// <param name="Family">"metric", "model-based", "gradient-based", "learned optimizer" or "baseline".</param>
/// <param name="Title">The method and its paper, for tables ("Prototypical Networks (Snell et al. 2017)").</param>
/// <param name="Aliases">Other names the CLI accepts ("prototypical").</param>
/// <param name="FixedHead">Whether the classifier has a fixed number of outputs, so that test episodes must have the training ways.</param>
/// <param name="Quick">The quick profile's budget: minutes on 2 CPU cores (CI, laptops).</param>
/// <param name="Full">The full profile's budget: the paper's setting, meant for a GPU.</param>
/// <param name="Build">A fresh learner for a run's settings and class split, on a device (seed libtorch first for reproducible weights: they are drawn on the CPU, then moved).</param>
/// <param name="Papers">The papers' reported Omniglot accuracies (empty where a paper reports none).</param>
public sealed record MethodDescription(
    string Name,
    string Family,
    string Title,
    IReadOnlyList<string> Aliases,
    bool FixedHead,
    TrainingConfig Quick,
    TrainingConfig Full,
    Func<TrainingConfig, ClassSplit, Device, IFewShotLearner> Build,
    IReadOnlyList<PaperResult> Papers)
{
    /// <summary>The budget of <paramref name="profile"/>: <see cref="Quick"/> or <see cref="Full"/>.</summary>
    public TrainingConfig Budget(ProfileName profile) => profile == ProfileName.Full ? Full : Quick;

    /// <summary>What every quick budget shares: validation every 100 steps on 100 episodes.</summary>
    public static TrainingConfig QuickBase(string name) => new() { Method = name, Profile = "quick", ValidateEvery = 100, ValidationEpisodes = 100 };

    /// <summary>What every full budget shares: validation every 500 steps on 600 episodes.</summary>
    public static TrainingConfig FullBase(string name) => new() { Method = name, Profile = "full", ValidateEvery = 500, ValidationEpisodes = 600 };

    /// <summary>"protonet (metric): Prototypical Networks (Snell et al. 2017)".</summary>
    public override string ToString() => $"{Name} ({Family}): {Title}";
}
