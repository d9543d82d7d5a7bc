using MetaNotebooks.Evaluation;
using MetaNotebooks.Interactive.Charts;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Interactive.Notebooks;
using MetaNotebooks.Training;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>What training notebooks show: the live line, the learning-curve figure and the results table.</summary>
[Collection(NotebookProcesses.Name)]
public sealed class TrainingDisplayTests
{
    private sealed class RecordingSink : IDisplaySink
    {
        public List<string> Shown { get; } = [];

        public int Publish(IReadOnlyDictionary<string, string> data)
        {
            Shown.Add(data[MimeTypes.PlainText]);
            return Shown.Count - 1;
        }

        public void Update(int position, IReadOnlyDictionary<string, string> data) => Shown[position] = Shown[position] + "\n" + data[MimeTypes.PlainText];
    }

    private static TrainingProgress At(int step, double? validation = null) => new(step, 100, 1.0 / step, 0.5, 10, validation, validation);

    [Fact]
    public void The_live_line_is_throttled_but_always_shows_validations_and_the_last_step()
    {
        var sink = new RecordingSink();
        NotebookDisplay.Sink = sink;
        try
        {
            var line = TrainingLine.Show(interval: TimeSpan.FromHours(1));
            for (var step = 1; step <= 100; step++) line.Report(At(step, step == 50 ? 0.9 : null));
            var draws = sink.Shown.Single().Split('\n');
            Assert.Equal(3, draws.Length);   // the placeholder, the validation at step 50, the last step
            Assert.StartsWith("training: waiting", draws[0]);
            Assert.StartsWith("step 50/100", draws[1]);
            Assert.Contains("val 90.0%", draws[1]);
            Assert.StartsWith("step 100/100", draws[2]);
            Assert.Equal(100, line.Last!.Step);
        }
        finally
        {
            NotebookDisplay.Sink = null;
        }
    }

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

    [Fact]
    public void The_results_table_prints_percentages_intervals_and_the_gap_to_the_paper()
    {
        var rows = ResultsTable.Rows(
        [
            new ResultRow(new AccuracyResult("ProtoNet", 5, 1, 600, 0.9842, 0.0024), PaperResults.Find("ProtoNet", 5, 1)),
            new ResultRow(new AccuracyResult("Pixel NN", 20, 5, 200, 0.4947, 0.0051), null),
        ]);
        Assert.Equal(new ResultsTable.Row("ProtoNet", "5-way 1-shot", "98.42 ± 0.24", 600, "98.8 (Snell et al. 2017)", "-0.38"), rows[0]);
        Assert.Equal(new ResultsTable.Row("Pixel NN", "20-way 5-shot", "49.47 ± 0.51", 200, "", ""), rows[1]);
    }
}
