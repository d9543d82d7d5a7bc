using System.Diagnostics;
using MetaNotebooks.Algorithms;
using MetaNotebooks.DataProbe;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>
/// What every registered method promises (<see cref="IFewShotLearner"/> and <see cref="MetaTrainer"/>), checked over
/// <see cref="Learners.Known"/>, so that a new line in <see cref="Learners.All"/> is tested without a new test: its
/// description resolves and builds; a meta-training step gives a finite loss, an accuracy in [0, 1] and a gradient for
/// every parameter without moving them; Predict gives [T, N*Q, N] logits and changes nothing; training is deterministic
/// and resumes bit-identically from a checkpoint; the state round-trips into a fresh learner, and another method's
/// state is refused with an <see cref="ArgumentException"/> before anything is loaded; a head that fixes N refuses a
/// batch of other ways, naming both and the option to change. Each method runs a tiny version of its quick budget (<see cref="Tiny"/>). What is
/// particular to a method (its equations, its invariances, its own errors) is tested beside it.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class LearnerContractTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    /// <summary>Every registered method's canonical name, in the registry's order: the theories' data.</summary>
    public static IEnumerable<object[]> Methods => Learners.Known.Select(m => new object[] { m });

    /// <summary>
    /// The method's quick budget shrunk to seconds: 8 filters, 4 steps of at most 2 tasks, 1 shot and 2 queries, at most
    /// 2 inner steps, validation on 2 episodes at steps 2 and 4, and a step schedule that changes the rate at step 3 (a
    /// run resumed at step 2 must get it right). A head that fixes N keeps the budget's ways (the validation episodes have
    /// them too: <see cref="Learners.EvaluationWays"/>); the others train 5-way.
    /// </summary>
    public static TrainingConfig Tiny(string method)
    {
        var quick = TrainingConfig.For(method, ProfileName.Quick);
        return quick with
        {
            Ways = Learners.HasFixedHead(method) ? quick.Ways : 5,
            Shots = 1, Queries = 2, Tasks = Math.Min(quick.Tasks, 2), Steps = 4, Hidden = 8,
            ControllerSize = Math.Min(quick.ControllerSize, 16),
            InnerSteps = Math.Min(quick.InnerSteps, 2), TestInnerSteps = Math.Min(quick.TestInnerSteps, 2),
            LearningRateStepSize = Math.Min(quick.LearningRateStepSize, 3),
            ValidateEvery = 2, ValidationEpisodes = 2,
        };
    }

    [Fact]
    public void The_theories_run_over_every_registered_method()
    {
        Assert.Equal(Learners.All.Select(m => m.Name), Methods.Select(row => (string)row[0]));
        var names = Learners.All.SelectMany(m => m.Aliases.Prepend(m.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void The_description_resolves_budgets_and_builds_the_method(string method)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var description = Learners.Find(method);
        Assert.Equal(method, description.Name);
        Assert.All(description.Aliases, alias => Assert.Same(description, Learners.Find(alias.ToUpperInvariant())));
        Assert.Equal((method, "quick"), (description.Quick.Method, description.Quick.Profile));
        Assert.Equal((method, "full"), (description.Full.Method, description.Full.Profile));
        Assert.Same(description.Quick, TrainingConfig.For(method, ProfileName.Quick));
        Assert.Same(description.Full, TrainingConfig.For(method, ProfileName.Full));
        description.Quick.Validate();
        description.Full.Validate();
        Assert.True(description.Full.Steps > description.Quick.Steps, $"{method}: the full budget ({description.Full.Steps} steps) is the paper's, longer than the quick one ({description.Quick.Steps})");
        Assert.Equal(description.FixedHead ? description.Quick.Ways : 5, Learners.EvaluationWays(description.Quick));

        var config = Tiny(method);
        using var run = new TrainingRun(fixture, config);
        var learner = run.Learner;
        Assert.False(string.IsNullOrWhiteSpace(learner.Name));
        Assert.NotEmpty(learner.Hyperparameters);
        Assert.NotEmpty(learner.ParameterGroups);
        Assert.All(learner.ParameterGroups, g => Assert.NotEmpty(g.Parameters));
        Assert.All(learner.ParameterGroups.SelectMany(g => g.Parameters), p => Assert.True(p.requires_grad));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_training_step_leaves_gradients_only_and_Predict_gives_query_logits_and_changes_nothing(string method)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var config = Tiny(method);
        using var run = new TrainingRun(fixture, config);
        var learner = run.Learner;
        using var batch = run.Experiment.TrainSampler.Batch(fixture.Omniglot, config.Seed, 0, config.Tasks);
        var parameters = learner.ParameterGroups.SelectMany(g => g.Parameters).ToList();

        var state = Copy(learner.state_dict());
        manual_seed(1);
        var logits = learner.Predict(batch);
        Assert.Equal(new long[] { config.Tasks, config.Ways * config.Queries, config.Ways }, logits.shape);
        Assert.Equal(ScalarType.Float32, logits.dtype);
        Assert.False(logits.requires_grad, "Predict's logits carry no graph");
        Assert.True(logits.isfinite().all().item<bool>(), "Predict's logits are finite");
        AssertSame(state, learner.state_dict(), "Predict changed");
        manual_seed(1);
        Assert.True(TensorAssert.Same(logits, learner.Predict(batch)), "Predict twice from the same seed gives the same logits");

        // An evaluation episode: the validation classes, the evaluation ways, 1 shot.
        using var test = new EpisodeSampler(run.Experiment.Split.Validation, Learners.EvaluationWays(config), 1, 3).Batch(fixture.Omniglot, 0, 0, 1);
        Assert.Equal(new long[] { 1, 3 * test.Ways, test.Ways }, learner.Predict(test).shape);

        var values = parameters.Select(p => p.detach().clone()).ToList();
        foreach (var p in parameters) p.grad = null;
        var step = learner.MetaTrainStep(batch);
        Assert.True(double.IsFinite(step.Loss), $"{method}: loss {step.Loss}");
        Assert.InRange(step.Accuracy, 0.0, 1.0);
        for (var i = 0; i < parameters.Count; i++)
        {
            Assert.True(TensorAssert.Same(values[i], parameters[i].detach()), $"{method}: MetaTrainStep moved parameter {i}; the trainer's optimizer makes the update");
            Assert.True(parameters[i].grad is { } g && g.isfinite().all().item<bool>(), $"{method}: parameter {i} of shape [{string.Join(", ", parameters[i].shape)}] has no finite gradient");
        }
        Assert.True(parameters.Any(p => p.grad!.abs().max().ToDouble() > 0), $"{method}: every gradient is zero");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Training_is_deterministic_and_a_resumed_run_is_bit_identical_to_an_unbroken_one(string method)
    {
        using var threads = new SingleThread();
        using var folder = TestData.NewTempFolder("contract-" + method);
        var config = Tiny(method);
        var watch = Stopwatch.StartNew();
        string initial, straight;
        List<CurvePoint> curve;
        (int, double)? best;
        using (var run = new TrainingRun(fixture, config))
        {
            initial = run.StateHash();
            run.Trainer.Run();
            (straight, curve, best) = (run.StateHash(), run.Trainer.Curve.ToList(), run.Trainer.Best);
        }
        Assert.NotEqual(initial, straight);
        Assert.Equal([2, 4], curve.Where(p => p.ValidationAccuracy is not null).Select(p => p.Step));
        Assert.All(curve, p => Assert.True(double.IsFinite(p.Loss) && p.Accuracy is >= 0 and <= 1, $"{method}: step {p.Step}: loss {p.Loss}, accuracy {p.Accuracy}"));
        using (var again = new TrainingRun(fixture, config))
        {
            again.Trainer.Run();
            Assert.Equal(straight, again.StateHash());
            Assert.Equal(curve, again.Trainer.Curve);
        }

        var path = folder["run.ckpt"];
        using (var first = new TrainingRun(fixture, config))
        {
            first.Trainer.Run(untilStep: 2, checkpointPath: path);
            Assert.Equal(2, first.Trainer.Step);
        }
        using (var checkpoint = Checkpoint.Load(path))
        using (var second = new TrainingRun(fixture, config))
        {
            Assert.Equal((2, config, second.Learner.Name), (checkpoint.Step, checkpoint.Config, checkpoint.LearnerName));
            second.Trainer.Resume(checkpoint);
            Assert.Equal(curve.Take(2), second.Trainer.Curve);
            second.Trainer.Run();
            Assert.Equal(straight, second.StateHash());
            Assert.Equal(curve, second.Trainer.Curve);
            Assert.Equal(best, second.Trainer.Best);
        }

        // The next method's trainer refuses the checkpoint, naming both runs.
        var other = Tiny(Learners.Known[(Learners.Known.ToList().IndexOf(method) + 1) % Learners.Known.Count]);
        using (var checkpoint = Checkpoint.Load(path))
        using (var foreign = new TrainingRun(fixture, other))
        {
            var e = Assert.Throws<ArgumentException>(() => foreign.Trainer.Resume(checkpoint));
            Assert.Contains($"was saved by another run ({method},", e.Message, StringComparison.Ordinal);
            Assert.Contains($"this trainer runs {other.Method},", e.Message, StringComparison.Ordinal);
        }
        output.WriteLine($"{method}: 4 runs of {config} in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void The_state_round_trips_into_a_fresh_learner_and_another_methods_state_is_refused(string method)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var config = Tiny(method);
        using var run = new TrainingRun(fixture, config);
        run.Trainer.Run(untilStep: 1);   // weights and batch-norm statistics away from their start
        manual_seed(config.Seed + 1);
        using var fresh = Learners.Create(config, run.Experiment.Split);
        Assert.NotEqual(Hash(run.Learner), Hash(fresh));
        fresh.load_state_dict(run.Learner.state_dict());
        Assert.Equal(Hash(run.Learner), Hash(fresh));
        using var test = new EpisodeSampler(run.Experiment.Split.Test, Learners.EvaluationWays(config), 1, 2).Batch(fixture.Omniglot, 0, 0, 2);
        manual_seed(2);
        var expected = run.Learner.Predict(test);
        manual_seed(2);
        Assert.True(TensorAssert.Same(expected, fresh.Predict(test)), $"{method}: a learner loaded with another's state predicts differently");

        // Every other method's state: refused with an ArgumentException, before anything is loaded, unless it has the
        // same entries of the same shapes (the MAML variants share theirs, so a MAML checkpoint evaluates as ANIL).
        var mine = Signature(run.Learner.state_dict());
        var failures = new List<string>();
        foreach (var other in Learners.Known.Where(m => m != method))
        {
            using var otherScope = NewDisposeScope();
            manual_seed(0);
            using var foreign = Learners.Create(Tiny(other), run.Experiment.Split);
            var theirs = foreign.state_dict();
            var before = Hash(fresh);
            if (Signature(theirs).SequenceEqual(mine))
            {
                fresh.load_state_dict(theirs);
                output.WriteLine($"{method} loads {other}'s state: the same entries and shapes");
                continue;
            }
            try
            {
                fresh.load_state_dict(theirs);
                failures.Add($"{other}'s state was loaded");
            }
            catch (ArgumentException e)
            {
                output.WriteLine($"{method} refuses {other}'s state: {e.Message}");
                if (Hash(fresh) != before) failures.Add($"{other}'s state was refused after part of it was loaded");
                if (!e.Message.Contains(fresh.Name, StringComparison.Ordinal) && !e.Message.Contains("another method", StringComparison.Ordinal))
                    failures.Add($"{other}'s state was refused by a message that names neither {fresh.Name} nor another method: {e.Message}");
            }
            catch (Exception e)
            {
                failures.Add($"{other}'s state: {e.GetType().Name} instead of an ArgumentException: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{method}: " + string.Join("; ", failures));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_head_that_fixes_N_refuses_a_batch_of_other_ways_naming_both_and_the_others_take_any_N(string method)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        var config = Tiny(method);
        using var run = new TrainingRun(fixture, config);
        var learner = run.Learner;
        var ways = config.Ways == 3 ? 4 : 3;
        using var batch = new EpisodeSampler(run.Experiment.Split.Train, ways, 1, 2).Batch(fixture.Omniglot, 0, 0, 1);
        if (Learners.HasFixedHead(method))
        {
            foreach (var call in new Action[] { () => learner.Predict(batch), () => learner.MetaTrainStep(batch) })
            {
                var e = Assert.Throws<ArgumentException>(call);
                Assert.Contains($"{config.Ways}-way", e.Message, StringComparison.Ordinal);
                Assert.Contains($"{ways}-way", e.Message, StringComparison.Ordinal);
                Assert.Contains($"(Ways: {ways})", e.Message, StringComparison.Ordinal);   // what to build instead
            }
        }
        else
        {
            Assert.Equal(new long[] { 1, 2 * ways, ways }, learner.Predict(batch).shape);
            Assert.True(double.IsFinite(learner.MetaTrainStep(batch).Loss));
        }
    }

    private static string Hash(IFewShotLearner learner) => SeededTraining.StateHash(learner.state_dict());

    private static List<string> Signature(Dictionary<string, Tensor> state) =>
        [.. state.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value.dtype} [{string.Join(",", kv.Value.shape)}]")];

    private static Dictionary<string, Tensor> Copy(Dictionary<string, Tensor> state) => state.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static void AssertSame(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual, string what)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, t) in actual) Assert.True(TensorAssert.Same(expected[name], t), $"{what} {name}");
    }
}
