using System.Diagnostics;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Baselines;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>The headline: ProtoNet trained with the quick profile on 2 CPU cores, scored by the papers' protocol.</summary>
[Collection(NativeCollection.Name)]
public sealed class QuickProfileTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void ProtoNet_quick_profile_reaches_90_percent_5_way_1_shot_far_above_pixel_nearest_neighbour()
    {
        using var threads = new SingleThread();
        var config = TrainingConfig.For("protonet", ProfileName.Quick);
        var experiment = new Experiment(config, fixture.Omniglot.Classes);
        torch.manual_seed(config.Seed);
        using var learner = Learners.Create(config, experiment.Split);
        using var trainer = new MetaTrainer(learner, fixture.Omniglot, experiment);
        var watch = Stopwatch.StartNew();
        trainer.Run();
        var trainTime = watch.Elapsed;
        trainer.UseBest();

        // The full protocol: the 600 fixed 5-way 1-shot test episodes, the same for every method.
        var episodes = TestProtocol.Episodes(experiment.Split, 5, 1);
        watch.Restart();
        var proto = TestProtocol.Evaluate(learner, fixture.Omniglot, episodes);
        var evalTime = watch.Elapsed;
        var pixels = TestProtocol.Evaluate(new PixelNearestNeighbour(), fixture.Omniglot, episodes);
        output.WriteLine($"{config}");
        output.WriteLine($"training: {trainTime.TotalSeconds:F0} s; best validation {100 * trainer.Best!.Value.Accuracy:F2}% at step {trainer.Best.Value.Step}");
        output.WriteLine($"{proto} (evaluated in {evalTime.TotalSeconds:F0} s)");
        output.WriteLine($"{pixels}");
        output.WriteLine($"episodes: {episodes}");

        Assert.Equal(600, proto.Episodes);
        Assert.True(proto.Mean >= 0.90, $"ProtoNet quick profile: {proto}; expected at least 90%");
        Assert.True(pixels.Mean < 0.80, $"pixel nearest neighbour: {pixels}; expected well below ProtoNet");
        Assert.True(proto.Low > pixels.High + 0.15, $"ProtoNet ({proto}) should beat pixel NN ({pixels}) by far more than the intervals");
        // The learning curve: one point per step, validation every 100 steps, and the loss came down.
        Assert.Equal(config.Steps, trainer.Curve.Count);
        Assert.Equal([100, 200, 300], trainer.Curve.Where(p => p.ValidationAccuracy is not null).Select(p => p.Step));
        Assert.True(trainer.Curve.TakeLast(50).Average(p => p.Loss) < 0.5 * trainer.Curve.Take(50).Average(p => p.Loss));
    }
}
