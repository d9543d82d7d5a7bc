using MetaNotebooks.Evaluation;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Training;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>What training notebooks show: the learning-curve figure (the live line and results tables: KernelTests).</summary>
[Collection(NotebookProcesses.Name)]
public sealed class TrainingDisplayTests
{
    [Fact]
    public void The_learning_curve_draws_loss_accuracy_and_validation_with_moving_averages()
    {
        var curve = Enumerable.Range(1, 80).Select(s => new CurvePoint(s, 2.0 / s, s / 100.0, 1e-3, s % 20 == 0 ? s / 90.0 : null)).ToList();
        var figure = LearningCurve.Of(curve, "ProtoNet");
        Assert.Equal((1, 2), (figure.Rows, figure.Cols));
        Assert.Equal(5, figure.Traces.Count);
        var validation = (LineTrace)figure.Traces[4];
        Assert.Equal([20.0, 40, 60, 80], validation.X.Items);
        Assert.Equal(2, validation.Col);
        Assert.Equal([1.0, 1.5, 2.5, 3.5], LearningCurve.MovingAverage([1.0, 2, 3, 4], 2));
        Assert.Throws<ArgumentException>(() => LearningCurve.Of([], "empty"));
    }
}
