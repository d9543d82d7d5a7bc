using MetaNotebooks.Algorithms;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>The trainer on a tiny configuration: determinism, exact resume, checkpoints, progress and memory.</summary>
[Collection(NativeCollection.Name)]
public sealed class MetaTrainerTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    private static readonly TrainingConfig Tiny = TrainingConfig.For("protonet", ProfileName.Quick) with
    {
        Ways = 5, Shots = 1, Queries = 5, Tasks = 2, Steps = 12, Hidden = 8,
        LearningRate = 3e-3, LearningRateStepSize = 5, ValidateEvery = 4, ValidationEpisodes = 10,
    };

    [Fact]
    public void Reptile_is_stepped_by_the_trainer_with_the_runs_rate_and_linear_schedule()
    {
        using var threads = new SingleThread();
        using var scope = torch.NewDisposeScope();
        var config = TrainingConfig.For("reptile", ProfileName.Quick) with
        {
            Tasks = 2, Steps = 4, Hidden = 8, LearningRate = 0.5, InnerSteps = 2, TestInnerSteps = 1, ValidateEvery = 100, ValidationEpisodes = 5,
        };
        Assert.Equal(LearningRateSchedule.Linear, config.Schedule);
        using var run = new TrainingRun(fixture, config);
        var reptile = (MetaNotebooks.Algorithms.Gradient.Reptile)run.Learner;
        Assert.Equal(0.5, run.Trainer.LearningRate);
        var before = reptile.Network.ParameterList().Select(t => t.detach().clone()).ToArray();
        reptile.Network.train();
        using var batch = run.Experiment.TrainSampler.Batch(fixture.Omniglot, config.Seed, 0, config.Tasks);
        var adapted = Enumerable.Range(0, config.Tasks).Select(t => reptile.Adapt(
            torch.cat([batch.SupportImages[t], batch.QueryImages[t]]), torch.cat([batch.SupportLabels[t], batch.QueryLabels[t]]), config.InnerSteps)).ToArray();

        run.Trainer.Run(untilStep: 1);

        var after = reptile.Network.ParameterList();
        for (var i = 0; i < before.Length; i++)
        {
            // theta + epsilon * mean(theta' - theta), epsilon = the run's learning rate at step 0.
            var expected = before[i] + 0.5 * ((adapted[0][i] - before[i]) + (adapted[1][i] - before[i])) / 2;
            Assert.True(after[i].detach().allclose(expected, 1e-5, 1e-6), $"parameter {i}");
        }
        Assert.Equal(0.375, run.Trainer.LearningRate, 12);   // 0.5 * (1 - 1/4)
        run.Trainer.Run();
        Assert.Equal(0.0, run.Trainer.LearningRate);
        Assert.Contains("lr 0.5 (linear to 0 at step 4)", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_identical_parameters_curve_and_validation()
    {
        using var threads = new SingleThread();
        string hashA, hashB, hashOther;
        IReadOnlyList<CurvePoint> curveA, curveB;
        using (var a = new TrainingRun(fixture, Tiny)) { a.Trainer.Run(); (hashA, curveA) = (a.StateHash(), a.Trainer.Curve.ToList()); }
        using (var b = new TrainingRun(fixture, Tiny)) { b.Trainer.Run(); (hashB, curveB) = (b.StateHash(), b.Trainer.Curve.ToList()); }
        using (var c = new TrainingRun(fixture, Tiny with { Seed = 1 })) { c.Trainer.Run(); hashOther = c.StateHash(); }
        Assert.Equal(hashA, hashB);
        Assert.Equal(curveA, curveB);
        Assert.NotEqual(hashA, hashOther);
        Assert.Equal(12, curveA.Count);
        Assert.Equal([4, 8, 12], curveA.Where(p => p.ValidationAccuracy is not null).Select(p => p.Step));
        // StepLR: 3e-3 for steps 1-5, then halved.
        Assert.Equal(3e-3, curveA[0].LearningRate, 15);
        Assert.Equal(1.5e-3, curveA[5].LearningRate, 15);
        Assert.Equal(7.5e-4, curveA[10].LearningRate, 15);
    }

    [Fact]
    public void Stop_save_and_resume_is_bit_identical_to_an_uninterrupted_run()
    {
        using var threads = new SingleThread();
        using var folder = TestData.NewTempFolder("resume");
        var progress = new List<TrainingProgress>();
        string straightHash;
        List<CurvePoint> straightCurve;
        (int, double)? straightBest;
        using (var straight = new TrainingRun(fixture, Tiny))
        {
            straight.Trainer.Run(progress: new Reporter(progress.Add));
            (straightHash, straightCurve, straightBest) = (straight.StateHash(), straight.Trainer.Curve.ToList(), straight.Trainer.Best);
            straight.Trainer.UseBest();
        }
        Assert.Equal(Enumerable.Range(1, 12), progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.True(p.EpisodesPerSecond > 0));
        Assert.Equal(straightCurve.Select(p => p.ValidationAccuracy), progress.Select(p => p.ValidationAccuracy));

        var path = folder["tiny.ckpt"];
        using (var first = new TrainingRun(fixture, Tiny))
        {
            first.Trainer.Run(untilStep: 6, checkpointPath: path);
            Assert.Equal(6, first.Trainer.Step);
        }
        using (var checkpoint = Checkpoint.Load(path))
        using (var second = new TrainingRun(fixture, Tiny))
        {
            Assert.Equal(6, checkpoint.Step);
            Assert.Equal(Tiny, checkpoint.Config);
            second.Trainer.Resume(checkpoint);
            Assert.Equal(6, second.Trainer.Step);
            Assert.Equal(straightCurve.Take(6), second.Trainer.Curve);
            second.Trainer.Run(checkpointPath: path);
            Assert.Equal(straightHash, second.StateHash());
            Assert.Equal(straightCurve, second.Trainer.Curve);
            Assert.Equal(straightBest, second.Trainer.Best);
        }
        // A checkpoint from another configuration is refused, naming both.
        using (var checkpoint = Checkpoint.Load(path))
        using (var other = new TrainingRun(fixture, Tiny with { Ways = 6 }))
            Assert.Contains("was saved by another run", Assert.Throws<ArgumentException>(() => other.Trainer.Resume(checkpoint)).Message);
    }

    [Fact]
    public void A_corrupted_or_missing_checkpoint_is_a_clear_error_naming_the_checkpoint()
    {
        using var threads = new SingleThread();
        using var folder = TestData.NewTempFolder("corrupt");
        var path = folder["run.ckpt"];
        using (var run = new TrainingRun(fixture, Tiny with { Steps = 2 }))
        {
            run.Trainer.Run();
            run.Trainer.Save(path);
        }
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.StartsWith($"Checkpoint {path} cannot be used", e.Message);
        Assert.Contains("checksum does not match", e.Message);

        File.WriteAllBytes(path, bytes[..100]);
        Assert.Contains("Checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path)).Message);

        // A valid tensor file that is not a checkpoint.
        using (var t = torch.ones(3)) TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = t }, path);
        Assert.Contains("not a training checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path)).Message);

        var missing = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(folder["nope.ckpt"]));
        Assert.Contains("Checkpoint", missing.Message);
        Assert.Contains("metanb train", missing.Message);
    }

    [Fact]
    public void Training_steps_do_not_grow_memory()
    {
        using var threads = new SingleThread();
        using var run = new TrainingRun(fixture, Tiny with { Ways = 20, Shots = 5, Queries = 5, Tasks = 1, Hidden = 32, Steps = 120, ValidateEvery = 1000, ValidationEpisodes = 5 });
        run.Trainer.Run(untilStep: 20);
        var atWarmup = Rss();
        run.Trainer.Run(untilStep: 69);
        var first = (Rss() - atWarmup) / 1048576.0;
        var atMiddle = Rss();
        run.Trainer.Run(untilStep: 118);
        var second = (Rss() - atMiddle) / 1048576.0;
        output.WriteLine($"RSS growth over steps 20-69: {first:F1} MB, over steps 69-118: {second:F1} MB");
        // A leaked batch and graph per step grows every window by tens of MB; allocator noise (arenas the process's
        // earlier tests left, pages touched once) is a one-off of a few to tens of MB, so one of two equal windows stays small.
        Assert.True(Math.Min(first, second) < 24, $"RSS grew by {first:F1} MB and then {second:F1} MB over two windows of 49 training steps");
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
