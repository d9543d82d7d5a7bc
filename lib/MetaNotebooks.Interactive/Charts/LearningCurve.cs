using MetaNotebooks.Training;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// The learning-curve chart every training notebook draws from a trainer's <see cref="MetaTrainer.Curve"/>: training
/// loss on the left; training accuracy and the fixed validation set's accuracy on the right. Per-step values are
/// noisy (one task batch each), so each is drawn faintly with its moving average on top.
/// </summary>
public static class LearningCurve
{
    /// <summary>A 1 x 2 grid of <paramref name="curve"/> (moving average over <paramref name="window"/> steps; default: a 40th of the run).</summary>
    public static GenericChart Of(IReadOnlyList<CurvePoint> curve, string title = "Learning curve", int? window = null)
    {
        if (curve.Count == 0) throw new ArgumentException("The curve is empty: train for at least one step first.", nameof(curve));
        var w = Math.Max(1, window ?? curve.Count / 40);
        var steps = curve.Select(p => p.Step).ToArray();
        var loss = curve.Select(p => p.Loss).ToArray();
        var accuracy = curve.Select(p => 100 * p.Accuracy).ToArray();
        var validated = curve.Where(p => p.ValidationAccuracy is not null).ToList();
        var lossPanel = Plotly.NET.CSharp.Chart.Combine(
        [
            Plotly.NET.CSharp.Chart.Line<int, double, string>(steps, loss, Name: "loss (per step)", LineColor: Color.fromString("rgba(31,119,180,0.25)")),
            Plotly.NET.CSharp.Chart.Line<int, double, string>(steps, MovingAverage(loss, w), Name: $"loss ({w}-step mean)", LineColor: Color.fromString("#1f77b4")),
        ]).WithAxisTitles("step", "loss");
        var accuracyLines = new List<GenericChart>
        {
            Plotly.NET.CSharp.Chart.Line<int, double, string>(steps, accuracy, Name: "training accuracy (per step)", LineColor: Color.fromString("rgba(255,127,14,0.25)")),
            Plotly.NET.CSharp.Chart.Line<int, double, string>(steps, MovingAverage(accuracy, w), Name: $"training accuracy ({w}-step mean)", LineColor: Color.fromString("#ff7f0e")),
        };
        if (validated.Count > 0)
        {
            accuracyLines.Add(Plotly.NET.CSharp.Chart.Line<int, double, string>(validated.Select(p => p.Step), validated.Select(p => 100 * p.ValidationAccuracy!.Value),
                ShowMarkers: true, Name: "validation accuracy (5-way 1-shot)", LineColor: Color.fromString("#2ca02c")));
        }
        var accuracyPanel = Plotly.NET.CSharp.Chart.Combine(accuracyLines).WithAxisTitles("step", "accuracy (%)");
        return Plotly.NET.CSharp.Chart.Grid([lossPanel, accuracyPanel], 1, 2, SubPlotTitles: new[] { "training loss", "accuracy (%)" }, XGap: 0.12)
            .WithSize(1000, 420)
            .WithTitle(title);
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
