using System.Diagnostics;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>
/// 1,000 ProtoNet training steps (5-way 1-shot 5-query, the paper's 64-filter Conv4, Adam; MetaTrainer runs every step
/// in a dispose scope): the process's resident memory after warm-up (step 100) grows by less than 50 MB by step 1,000.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class MemoryTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    private static long Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    [Fact]
    public void A_thousand_ProtoNet_steps_keep_resident_memory_flat()
    {
        using var threads = new SingleThread();
        var config = TrainingConfig.For("protonet", ProfileName.Quick) with
        {
            Ways = 5, Shots = 1, Queries = 5, Tasks = 1, Steps = 1000, Hidden = 64, Seed = 3,
            LearningRate = 1e-3, ValidateEvery = 100_000, ValidationEpisodes = 5,
        };
        var experiment = new Experiment(config, fixture.Omniglot.Classes);
        manual_seed(config.Seed);
        using var learner = Learners.Create(config, experiment.Split);
        using var trainer = new MetaTrainer(learner, fixture.Omniglot, experiment);
        var watch = Stopwatch.StartNew();
        trainer.Run(untilStep: 100);
        var atWarmup = Resident();
        var samples = new List<string> { $"step 100: {atWarmup / 1048576.0:F1} MB" };
        long peak = atWarmup;
        foreach (var step in new[] { 250, 400, 550, 700, 850, 1000 })
        {
            trainer.Run(untilStep: step);
            var rss = Resident();
            peak = Math.Max(peak, rss);
            samples.Add($"step {step}: {rss / 1048576.0:F1} MB");
        }
        var atEnd = Resident();
        var growth = (atEnd - atWarmup) / 1048576.0;
        Assert.Equal(1000, trainer.Step);
        Assert.All(trainer.Curve, p => Assert.True(double.IsFinite(p.Loss)));
        var early = trainer.Curve.Take(100).Average(p => p.Accuracy);
        var late = trainer.Curve.Skip(900).Average(p => p.Accuracy);
        output.WriteLine($"1000 steps in {watch.Elapsed.TotalSeconds:F0} s; query accuracy {early:P0} (steps 1-100) -> {late:P0} (steps 901-1000)");
        output.WriteLine($"resident memory: {string.Join(", ", samples)}; growth after warm-up {growth:F1} MB, peak {peak / 1048576.0:F1} MB");
        Assert.True(late > early, "the steps should train (accuracy rises), or the loop is not doing real work");
        Assert.True(growth < 50, $"resident memory grew by {growth:F1} MB from step 100 to step 1000 ({string.Join(", ", samples)})");
    }
}
