using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MetaNotebooks.Data;
using MetaNotebooks.Randomness;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// MAML for reinforcement learning (Finn et al. 2017, Sec. 5.3). A meta-step draws T tasks, samples K trajectories of
/// each with the policy theta, takes one policy-gradient step per task (<see cref="PolicyGradient.Adapt"/>, kept
/// differentiable), samples K new trajectories with each adapted policy theta'_t, and updates theta by TRPO on the
/// adapted policies' surrogate loss, differentiated through the inner step (second order), with the KL between the
/// old and new adapted policies as the trust region. With <see cref="MamlRlOptions.InnerSteps"/> 0 the same loop
/// trains the paper's pretrained baseline: one policy for every task, no adaptation. Everything random in a step is
/// a pure function of (seed, step), so a resumed run equals one never stopped.
/// </summary>
public sealed class MamlRl : IDisposable
{
    private const ulong TrainStream = 0x5EED_0000_0000_0016UL;

    /// <summary>The checkpoint entry that holds the options (and marks a file as a MAML-RL checkpoint).</summary>
    public const string OptionsKey = "maml-rl.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly List<MetaRlPoint> curve = [];

    /// <summary>A new policy (initialised from the options' seed) on <paramref name="device"/> (default: the course's device).</summary>
    public MamlRl(MamlRlOptions options, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Device = device ?? Devices.Default;
        Environment = PointTasks.Named(options.Environment, options.Horizon, options.AnyAngle);
        torch.manual_seed(options.Seed);
        Policy = new GaussianMlpPolicy(hidden: [options.Hidden, options.Hidden]);
        Policy.to(Device);
    }

    /// <summary>The settings.</summary>
    public MamlRlOptions Options { get; }

    /// <summary>Where the policy and every tensor of a step live.</summary>
    public Device Device { get; }

    /// <summary>The task family.</summary>
    public PointTasks Environment { get; }

    /// <summary>The meta-learned policy theta.</summary>
    public GaussianMlpPolicy Policy { get; }

    /// <summary>Meta-steps done.</summary>
    public int Step { get; private set; }

    /// <summary>Every meta-step so far.</summary>
    public IReadOnlyList<MetaRlPoint> Curve => curve;

    /// <summary>The CPU generator of meta-step <paramref name="step"/>: tasks and noise depend on (seed, step) only.</summary>
    public static Generator Random(long seed, long step, ulong stream = TrainStream) =>
        new Generator(SplitMix64.ForKey(seed, step, stream).NextUInt64());

    /// <summary>Runs one meta-step and returns its point.</summary>
    public MetaRlPoint MetaStep()
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var random = Random(Options.Seed, Step);
        var tasks = Environment.Sample(Options.Tasks, random);
        var theta = Policy.ParameterList();
        Trajectories? before = null;
        Tensor? beforeAdvantages = null;
        IReadOnlyList<Tensor> adapted;
        if (Options.InnerSteps == 1)
        {
            before = Trajectories.Sample(Environment, tasks, Policy, GaussianMlpPolicy.PerTask(theta, Options.Tasks), Options.Trajectories, random);
            beforeAdvantages = PolicyGradient.Advantages(before, Options.Discount);
            adapted = PolicyGradient.Adapt(Policy, before, beforeAdvantages, GaussianMlpPolicy.PerTask(theta, Options.Tasks), Options.InnerLearningRate, createGraph: false)
                .Select(w => w.detach()).ToList();
        }
        else adapted = GaussianMlpPolicy.PerTask(theta.Select(p => p.detach()).ToList(), Options.Tasks);
        using var after = Trajectories.Sample(Environment, tasks, Policy, adapted, Options.Trajectories, random);
        var afterAdvantages = PolicyGradient.Advantages(after, Options.Discount);
        var t = Options.Tasks;
        var observations = after.Observations.reshape(t, -1, PointTasks.Size);
        var actions = after.Actions.reshape(t, -1, PointTasks.Size);
        var advantages = afterAdvantages.reshape(t, -1);
        Tensor oldMean, oldLogStd, oldLogp;
        using (torch.no_grad())
        {
            (oldMean, oldLogStd) = Policy.Distribution(observations, adapted);
            oldLogp = GaussianMlpPolicy.Gaussian(oldMean, oldLogStd, actions);
        }

        (Tensor Loss, Tensor Kl) Evaluate(bool differentiable)
        {
            var weights = GaussianMlpPolicy.PerTask(theta, t);
            if (before is not null) weights = PolicyGradient.Adapt(Policy, before, beforeAdvantages!, weights, Options.InnerLearningRate, createGraph: differentiable);
            var (mean, logStd) = Policy.Distribution(observations, weights);
            var ratio = torch.exp(GaussianMlpPolicy.Gaussian(mean, logStd, actions) - oldLogp);
            var loss = -(ratio * advantages).mean();
            var kl = GaussianMlpPolicy.KlDivergence(oldMean, oldLogStd, mean, logStd).mean();
            return differentiable ? (loss, kl) : (loss.detach(), kl.detach());
        }

        var (backtracks, klAfter) = Trpo.Step(theta, Evaluate, Options.MaxKl, Options.ConjugateGradientSteps, Options.Damping, Options.Backtracks, Options.BacktrackRatio);
        var returnAfter = after.AverageReturn();
        var point = new MetaRlPoint(Step, before?.AverageReturn() ?? returnAfter, returnAfter, klAfter, backtracks, clock.Elapsed.TotalSeconds);
        before?.Dispose();
        curve.Add(point);
        Step++;
        return point;
    }

    /// <summary>
    /// Meta-trains until <see cref="MamlRlOptions.Steps"/> (or <paramref name="cancellationToken"/>), reporting each
    /// point; <paramref name="checkpointPath"/>, when given, is saved every <paramref name="checkpointEvery"/> steps.
    /// </summary>
    public IReadOnlyList<MetaRlPoint> Train(IProgress<MetaRlPoint>? progress = null, string? checkpointPath = null, int checkpointEvery = 10, CancellationToken cancellationToken = default)
    {
        while (Step < Options.Steps && !cancellationToken.IsCancellationRequested)
        {
            var point = MetaStep();
            progress?.Report(point);
            if (checkpointPath is not null && Step % checkpointEvery == 0) Save(checkpointPath);
        }
        return Curve;
    }

    /// <summary>
    /// Test-time adaptation, as the paper's Figure 4: for each task, sample <paramref name="trajectories"/> trajectories,
    /// take a policy-gradient step on them, sample again with the adapted policy, and so on for
    /// <paramref name="steps"/> steps. Works for any policy (the meta-learned one, the pretrained baseline, a random one).
    /// Steps after the first use <paramref name="laterLearningRate"/> when given (Finn et al.'s evaluation script halves the rate after the
    /// first step at evaluation), else <paramref name="learningRate"/>. The returned trajectories (steps + 1 sets) belong
    /// to the caller.
    /// </summary>
    public static AdaptationResult Adapt(GaussianMlpPolicy policy, PointTasks environment, Tensor tasks, int trajectories, int steps, double learningRate,
        double discount, long seed, double? laterLearningRate = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Adaptation steps must be 0 or more.");
        environment.CheckTasks(tasks);
        using var random = Random(seed, 0, TrainStream ^ 0xADA9_7000UL);
        var sets = new List<Trajectories>();
        using var scope = NewDisposeScope();
        var t = tasks.size(0);
        IReadOnlyList<Tensor> weights = GaussianMlpPolicy.PerTask(policy.ParameterList().Select(p => p.detach()).ToList(), t).Select(w => w.clone().requires_grad_()).ToList();
        for (var s = 0; s <= steps; s++)
        {
            var set = Trajectories.Sample(environment, tasks, policy, weights, trajectories, random);
            set.Observations.DetachFromDisposeScope(); set.Actions.DetachFromDisposeScope(); set.Rewards.DetachFromDisposeScope();
            sets.Add(set);
            if (s == steps) break;
            var advantages = PolicyGradient.Advantages(set, discount);
            var rate = s == 0 ? learningRate : laterLearningRate ?? learningRate;
            weights = PolicyGradient.Adapt(policy, set, advantages, weights, rate, createGraph: false).Select(w => w.detach().requires_grad_()).ToList();
        }
        return new AdaptationResult(sets);
    }

    /// <summary><see cref="Adapt(GaussianMlpPolicy, PointTasks, Tensor, int, int, double, double, long, double?)"/> with this run's policy, environment, inner step size and discount.</summary>
    public AdaptationResult Adapt(Tensor tasks, int trajectories, int steps, long seed, double? laterLearningRate = null) =>
        Adapt(Policy, Environment, tasks, trajectories, steps, Options.InnerLearningRate, Options.Discount, seed, laterLearningRate);

    /// <summary>Held-out tasks: <paramref name="count"/> tasks drawn from a stream meta-training never uses.</summary>
    public Tensor TestTasks(int count, long seed)
    {
        using var random = Random(seed, 0, TrainStream ^ 0x7E57UL);
        return Environment.Sample(count, random);
    }

    /// <summary>Saves the policy, the step, the curve and the options to <paramref name="path"/> (atomically).</summary>
    public void Save(string path)
    {
        using var scope = NewDisposeScope();
        var tensors = StateDict.Of(Policy, "policy.");
        tensors[OptionsKey] = torch.tensor(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Options, Json)));
        tensors["trainer.step"] = torch.tensor(new long[] { Step });
        tensors["trainer.curve"] = torch.tensor(curve.SelectMany(p => new[] { p.Step, p.ReturnBefore, p.ReturnAfter, p.Kl, p.Backtracks, p.Seconds }).ToArray(), [curve.Count, 6]);
        TensorFile.Save(tensors, path);
    }

    /// <summary>A run restored from <see cref="Save"/>'s file, ready to train on (its options, with <paramref name="steps"/> when given).</summary>
    /// <exception cref="InvalidDataException">The file is not a MAML-RL checkpoint.</exception>
    public static MamlRl Load(string path, int? steps = null, Device? device = null)
    {
        var tensors = TensorFile.Load(path);
        try
        {
            if (!tensors.TryGetValue(OptionsKey, out var meta) || !tensors.ContainsKey("trainer.curve") || !tensors.ContainsKey("trainer.step"))
                throw new InvalidDataException($"{path} is not a MAML-RL checkpoint (no maml-rl.json, trainer.step or trainer.curve): write it with `metanb train maml-rl`.");
            MamlRlOptions options;
            try
            {
                options = JsonSerializer.Deserialize<MamlRlOptions>(Encoding.UTF8.GetString(meta.data<byte>().ToArray()), Json)
                          ?? throw new InvalidDataException($"{path} has an empty maml-rl.json entry.");
            }
            catch (JsonException e) { throw new InvalidDataException($"{path} has an unreadable maml-rl.json entry: {e.Message}", e); }
            var run = new MamlRl(steps is { } s ? options with { Steps = s } : options, device);
            StateDict.Load(run.Policy, StateDict.Part(tensors, "policy."), $"the policy of {path}");
            run.Step = (int)tensors["trainer.step"].ToInt64();
            var rows = tensors["trainer.curve"].data<double>().ToArray();   // written as float64 by Save
            for (var i = 0; i + 5 < rows.Length; i += 6)
                run.curve.Add(new MetaRlPoint((int)rows[i], rows[i + 1], rows[i + 2], rows[i + 3], (int)rows[i + 4], rows[i + 5]));
            return run;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Policy.Dispose();
}
