using MetaNotebooks.Tensors;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// Everything that defines a meta-training run, so that a checkpoint can rebuild it: the method, the data protocol
/// (split, rotations), the training episodes, the optimizer and its schedule, validation, and the model's size.
/// <see cref="For"/> gives the quick or full profile's values (<see cref="Tensors.Profile.Pick{T}"/>); change any field
/// with <c>with</c>. Training episode t of the run is episode batch t of <see cref="Seed"/>: the stream is a pure
/// function of (seed, step), which is what makes resuming exact.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>The method's registered name ("protonet", "pretrain"; see <see cref="Learners"/>).</summary>
    public required string Method { get; init; }

    /// <summary>"quick" or "full": the profile the defaults came from (informational).</summary>
    public string Profile { get; init; } = "quick";

    /// <summary>Training episodes: N classes per episode (the paper trains ProtoNet 60-way).</summary>
    public int Ways { get; init; } = 20;

    /// <summary>Training episodes: K support images per class.</summary>
    public int Shots { get; init; } = 5;

    /// <summary>Training episodes: Q query images per class.</summary>
    public int Queries { get; init; } = 5;

    /// <summary>Episodes per meta-training step (task batch size).</summary>
    public int Tasks { get; init; } = 1;

    /// <summary>Meta-training steps.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>The seed of the model's initialisation and of the training-episode stream.</summary>
    public long Seed { get; init; }

    /// <summary>The split protocol ("vinyals": 1028 / 172 / 423 characters).</summary>
    public string Split { get; init; } = "vinyals";

    /// <summary>The seed of the split's shuffle.</summary>
    public long SplitSeed { get; init; }

    /// <summary>Rotation augmentation: every character as four classes (0/90/180/270 degrees), the papers' protocol.</summary>
    public bool Rotations { get; init; } = true;

    /// <summary>The meta-optimizer's initial learning rate (Adam's; for Reptile, SGD's: the outer step size epsilon).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>How the learning rate changes with the step: StepLR (the default) or linear to 0 at the last step.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Step;

    /// <summary>StepLR: the learning rate is multiplied by <see cref="LearningRateGamma"/> every this many steps.</summary>
    public int LearningRateStepSize { get; init; } = 2000;

    /// <summary>StepLR's factor (the paper halves the rate every 2,000 episodes).</summary>
    public double LearningRateGamma { get; init; } = 0.5;

    /// <summary>Validate (and keep the best model) every this many steps, and at the last step.</summary>
    public int ValidateEvery { get; init; } = 100;

    /// <summary>Episodes in the fixed validation set (5-way 1-shot, 15 queries, on the split's validation classes).</summary>
    public int ValidationEpisodes { get; init; } = 100;

    /// <summary>Filters per Conv4 block (embedding size at 28x28).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>MANN: units of the LSTM controller (64, the quick budget's; the paper's 200 in the full budget).</summary>
    public int ControllerSize { get; init; } = 64;

    /// <summary>Gradient-based methods: inner-loop steps per task in meta-training (MAML 5-way: 1).</summary>
    public int InnerSteps { get; init; } = 1;

    /// <summary>Gradient-based methods: inner-loop steps at test time (MAML 5-way: 3).</summary>
    public int TestInnerSteps { get; init; } = 3;

    /// <summary>Gradient-based methods: the inner learning rate alpha (MAML 5-way: 0.4; Reptile: its inner Adam's rate).</summary>
    public double InnerLearningRate { get; init; } = 0.4;

    /// <summary>
    /// The defaults of <paramref name="method"/> for the current profile (or the one given): each method's quick and full
    /// budgets live in its <see cref="MethodDescription"/>.
    /// </summary>
    public static TrainingConfig For(string method, ProfileName? profile = null) => Learners.Find(method).Budget(profile ?? Tensors.Profile.Current);

    /// <summary>Checks every field; the message names the bad ones.</summary>
    public void Validate()
    {
        var bad = new List<string>();
        if (Ways < 2) bad.Add(Invariant($"ways = {Ways} (at least 2)"));
        if (Shots < 1) bad.Add(Invariant($"shots = {Shots} (at least 1)"));
        if (Queries < 1) bad.Add(Invariant($"queries = {Queries} (at least 1)"));
        if (Tasks < 1) bad.Add(Invariant($"tasks = {Tasks} (at least 1)"));
        if (Steps < 0) bad.Add(Invariant($"steps = {Steps} (at least 0)"));
        if (!(LearningRate > 0)) bad.Add(Invariant($"learning rate = {LearningRate} (positive)"));
        if (LearningRateStepSize < 1) bad.Add(Invariant($"learning-rate step size = {LearningRateStepSize} (at least 1)"));
        if (ValidateEvery < 1) bad.Add(Invariant($"validate every = {ValidateEvery} (at least 1)"));
        if (ValidationEpisodes < 1) bad.Add(Invariant($"validation episodes = {ValidationEpisodes} (at least 1)"));
        if (Hidden < 1) bad.Add(Invariant($"hidden = {Hidden} (at least 1)"));
        if (ControllerSize < 1) bad.Add(Invariant($"controller size = {ControllerSize} (at least 1)"));
        if (InnerSteps < 0) bad.Add(Invariant($"inner steps = {InnerSteps} (at least 0)"));
        if (TestInnerSteps < 0) bad.Add(Invariant($"test inner steps = {TestInnerSteps} (at least 0)"));
        if (!double.IsFinite(InnerLearningRate)) bad.Add(Invariant($"inner learning rate = {InnerLearningRate} (a finite number)"));
        if (bad.Count > 0) throw new ArgumentException($"Bad training settings for {Method}: {string.Join(", ", bad)}.");
    }

    /// <summary>"protonet, quick: 300 steps of 20-way 5-shot 5-query x1, lr 0.001 (x0.5 every 150), seed 0, vinyals split with rotations".</summary>
    public override string ToString() =>
        Invariant($"{Method}, {Profile}: {Steps} steps of {Ways}-way {Shots}-shot {Queries}-query x{Tasks}, ") +
        (Schedule == LearningRateSchedule.Linear
            ? Invariant($"lr {LearningRate} (linear to 0 at step {Steps})")
            : Invariant($"Adam {LearningRate} (x{LearningRateGamma} every {LearningRateStepSize})")) +
        Invariant($", seed {Seed}, {Split} split{(Rotations ? " with rotations" : "")}");
}
