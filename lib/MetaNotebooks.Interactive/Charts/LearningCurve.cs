using MetaNotebooks.Training;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// The learning-curve figure every training notebook draws from a trainer's <see cref="MetaTrainer.Curve"/>: training
/// loss on the left; training accuracy and the fixed validation set's accuracy on the right. Per-step values are
/// noisy (one task batch each), so each is drawn faintly with its moving average on top.
/// </summary>
public static class LearningCurve
{
    /// <summary>A 1 x 2 figure of <paramref name="curve"/> (moving average over <paramref name="window"/> steps; default: a 40th of the run).</summary>
    public static Figure Of(IReadOnlyList<CurvePoint> curve, string title = "Learning curve", int? window = null)
    {
        if (curve.Count == 0) throw new ArgumentException("The curve is empty: train for at least one step first.", nameof(curve));
        var w = Math.Max(1, window ?? curve.Count / 40);
        var steps = curve.Select(p => (double)p.Step).ToArray();
        var loss = curve.Select(p => p.Loss).ToArray();
        var accuracy = curve.Select(p => 100 * p.Accuracy).ToArray();
        var validated = curve.Where(p => p.ValidationAccuracy is not null).ToList();
        var figure = Figure.Subplots(1, 2, title, ["training loss", "accuracy (%)"]).Size(1000, 420);
        figure.Line(steps, loss, name: "loss (per step)", color: "rgba(31,119,180,0.25)")
            .Line(steps, MovingAverage(loss, w), name: $"loss ({w}-step mean)", color: "#1f77b4")
            .Line(steps, accuracy, name: "training accuracy (per step)", color: "rgba(255,127,14,0.25)", col: 2)
            .Line(steps, MovingAverage(accuracy, w), name: $"training accuracy ({w}-step mean)", color: "#ff7f0e", col: 2)
            .Axes("step", "loss").Axes("step", "accuracy (%)", col: 2);
        if (validated.Count > 0)
        {
            figure.Add(new LineTrace
            {
                X = validated.Select(p => (double)p.Step).ToArray(),
                Y = validated.Select(p => 100 * p.ValidationAccuracy!.Value).ToArray(),
                Name = "validation accuracy (5-way 1-shot)",
                Mode = "lines+markers",
                Color = "#2ca02c",
                Col = 2,
            });
        }
        return figure;
    }

    /// <summary>The trailing mean of the last <paramref name="window"/> values at every position (fewer at the start).</summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "The window must hold at least one value.");
        var result = new double[values.Count];
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
