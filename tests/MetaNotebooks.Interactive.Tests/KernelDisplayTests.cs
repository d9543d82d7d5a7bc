using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Notebooks;
using Microsoft.DotNet.Interactive.Events;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// The course's displays as the .NET Interactive C# kernel shows them (the course's kernel, in the test process): the live
/// training line updated in place, DataFrame tables, and reported results with the JSON the runner gathers.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class KernelDisplayTests
{
    [Fact]
    public async Task The_live_training_line_is_one_output_replaced_in_place_and_throttled()
    {
        using var kernel = await InProcessKernel.StartAsync();
        var (events, outputs, error) = await kernel.RunAsync("""
            using MetaNotebooks.Training;
            var line = MetaNotebooks.Interactive.Display.TrainingLine.Show(interval: TimeSpan.FromHours(1));
            for (var step = 1; step <= 100; step++)
                line.Report(new TrainingProgress(step, 100, 1.0 / step, 0.5, 10, step == 50 ? 0.9 : null, step == 50 ? 0.9 : null));
            """);
        Assert.Null(error);
        // The placeholder, then two redraws: the validation at step 50 and the last step.
        Assert.Single(events.OfType<DisplayedValueProduced>());
        var updates = events.OfType<DisplayedValueUpdated>().Select(u => u.FormattedValues.Single().Value).ToList();
        Assert.Equal(2, updates.Count);
        Assert.StartsWith("step 50/100", updates[0]);
        Assert.Contains("val 90.0%", updates[0]);
        var shown = Assert.Single(outputs);
        Assert.StartsWith("step 100/100", CellOutput.ReadData(shown, MimeTypes.PlainText));
    }

    [Fact]
    public async Task Results_tables_are_DataFrames_shown_as_the_kernels_HTML_table()
    {
        using var kernel = await InProcessKernel.StartAsync();
        var (_, outputs, error) = await kernel.RunAsync("""
            using MetaNotebooks.Algorithms;
            using MetaNotebooks.Evaluation;
            using MetaNotebooks.Interactive.Display;
            ResultsTable.Show([new ResultRow(new AccuracyResult("ProtoNet", 5, 1, 600, 0.9842, 0.0024), PaperResults.Find("ProtoNet", 5, 1))], "ProtoNet");
            """);
        Assert.Null(error);
        Assert.Equal("ProtoNet\n", CellOutput.ReadStream(outputs[0]));
        var html = CellOutput.ReadData(outputs[1], MimeTypes.Html)!;
        Assert.Contains("<table", html);
        Assert.Contains("<th>Accuracy (%)</th>", html);
        Assert.Contains("<pre>98.42</pre>", html);
        Assert.Contains("<pre>-0.38</pre>", html);
    }

    [Fact]
    public void Records_become_DataFrame_columns_of_their_own_types()
    {
        var table = Table.From(new[] { new Speed("5-way 1-shot", 20, 1234.5), new Speed("20-way 5-shot", 400, 98.0) });
        Assert.Equal(["Episodes", "Images", "PerSecond"], table.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(int), typeof(double)], table.Columns.Select(c => c.DataType));
        Assert.Equal(1234.5, table.Columns["PerSecond"][0]);
        Assert.Equal(2, table.Rows.Count);
        var results = ResultsTable.Of([new Evaluation.ResultRow(new Evaluation.AccuracyResult("Pixel NN", 20, 5, 200, 0.4947, 0.0051), null)]);
        Assert.Equal(("20-way 5-shot", 49.47, 0.51, 200), ((string)results.Columns["Setting"][0], (double)results.Columns["Accuracy (%)"][0], (double)results.Columns["± 95%"][0], (int)results.Columns["Episodes"][0]));
        Assert.Null(results.Columns["Gap (points)"][0]);
    }

    [Fact]
    public async Task A_reported_result_carries_the_json_the_runner_gathers()
    {
        using var kernel = await InProcessKernel.StartAsync();
        var (_, outputs, error) = await kernel.RunAsync("MetaNotebooks.Interactive.Course.Result(\"ProtoNet\", \"5-way 1-shot\", 93.37, 0.49, 600);");
        Assert.Null(error);
        var shown = Assert.Single(outputs);
        Assert.Equal(new TestResult("ProtoNet", "5-way 1-shot", 93.37, 0.49, 600), TestResult.FromJson(CellOutput.ReadData(shown, MimeTypes.Result)));
        Assert.Equal("result: ProtoNet 5-way 1-shot: 93.37% ± 0.49% (600 episodes)", CellOutput.ReadData(shown, MimeTypes.PlainText));
        Assert.Equal(new TestResult("Pretrain", "20-way 1-shot", 81.23, 0.57, 200),
            TestResult.Of("Pretrain", new Evaluation.AccuracyResult("Pretrain + fine-tune", 20, 1, 200, 0.812345, 0.005678)));
    }

    private sealed record Speed(string Episodes, int Images, double PerSecond);
}
