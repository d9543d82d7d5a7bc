using MetaNotebooks.Evaluation;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Training;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>What training notebooks show: the learning-curve chart (the live line and results tables: KernelDisplayTests).</summary>
[Collection(NotebookProcesses.Name)]
public sealed class TrainingDisplayTests
{
    [Fact]
    public void The_learning_curve_draws_loss_accuracy_and_validation_with_moving_averages()
    {
        var curve = Enumerable.Range(1, 80).Select(s => new CurvePoint(s, 2.0 / s, s / 100.0, 1e-3, s % 20 == 0 ? s / 90.0 : null)).ToList();
        var figure = ChartImage.Figure(LearningCurve.Of(curve, "ProtoNet"));
        var traces = figure["data"]!.AsArray();
        Assert.Equal(5, traces.Count);
        Assert.Equal("[20,40,60,80]", traces[4]!["x"]!.ToJsonString());
        Assert.Equal("validation accuracy (5-way 1-shot)", traces[4]!["name"]!.GetValue<string>());
        // Loss on the first subplot, accuracy on the second.
        Assert.Equal(["x", "x", "x2", "x2", "x2"], traces.Select(t => t!["xaxis"]?.GetValue<string>() ?? "x"));
        Assert.Equal("ProtoNet", figure["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal([1.0, 1.5, 2.5, 3.5], LearningCurve.MovingAverage([1.0, 2, 3, 4], 2));
        Assert.Throws<ArgumentException>(() => LearningCurve.Of([], "empty"));
    }
}
