using static System.FormattableString;

namespace MetaNotebooks.Training;

/// <summary>
/// Everything that defines a meta-training run, so that a checkpoint can rebuild it: the method, the data protocol
/// (split, rotations), the training episodes, the optimizer and its schedule, validation, and the model's size.
/// <see cref="For"/> gives the quick or full profile's values (<see cref="Profile.Pick{T}"/>); change any field
/// with <c>with</c>. Training episode t of the run is episode batch t of <see cref="Seed"/>: the stream is a pure
/// function of (seed, step), which is what makes resuming exact.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>The method's registered name ("protonet", "pretrain"; see <see cref="Algorithms.Learners"/>).</summary>
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

    /// <summary>Adam's initial learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

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

    /// <summary>The defaults of <paramref name="method"/> for the current profile (or the one given).</summary>
    public static TrainingConfig For(string method, ProfileName? profile = null)
    {
        var full = (profile ?? Training.Profile.Current) == ProfileName.Full;
        T Pick<T>(T quick, T fullValue) => full ? fullValue : quick;
        var name = Algorithms.Learners.Canonical(method);
        // The pretrain baseline classifies 4,112 classes: in 300 steps each class is seen about 15 times and its loss
        // barely moves (8.5 -> 8.3), so its quick run is longer (1,000 steps, the rate halved every 500).
        var pretrain = name == "pretrain";
        return new TrainingConfig
        {
            Method = name,
            Profile = Pick("quick", "full"),
            // Quick: 20-way training episodes and a few hundred steps (minutes on 2 CPU cores); full: the paper's
            // 60-way episodes, Adam 1e-3 halved every 2,000 episodes.
            Ways = Pick(20, 60),
            Shots = 5,
            Queries = 5,
            Steps = Pick(pretrain ? 1000 : 300, 20_000),
            LearningRate = 1e-3,
            LearningRateStepSize = Pick(pretrain ? 500 : 150, 2000),
            LearningRateGamma = 0.5,
            ValidateEvery = Pick(100, 500),
            ValidationEpisodes = Pick(100, 600),
        };
    }

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
        if (bad.Count > 0) throw new ArgumentException($"Bad training settings for {Method}: {string.Join(", ", bad)}.");
    }

    /// <summary>"protonet, quick: 300 steps of 20-way 5-shot 5-query x1, Adam 0.001 (x0.5 every 150), seed 0".</summary>
    public override string ToString() =>
        Invariant($"{Method}, {Profile}: {Steps} steps of {Ways}-way {Shots}-shot {Queries}-query x{Tasks}, ") +
        Invariant($"Adam {LearningRate} (x{LearningRateGamma} every {LearningRateStepSize}), seed {Seed}, {Split} split{(Rotations ? " with rotations" : "")}");
}
