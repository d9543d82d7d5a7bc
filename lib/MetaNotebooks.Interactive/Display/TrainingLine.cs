using System.Diagnostics;
using MetaNotebooks.Training;

namespace MetaNotebooks.Interactive.Display;

/// <summary>
/// A notebook's live training line: pass it as the trainer's progress (<c>trainer.Run(progress: TrainingLine.Show())</c>)
/// and one output line shows the step, loss, accuracy, validation and speed, replaced in place. It redraws at most
/// every <see cref="Interval"/>, and always at a validation and at the last step, so the final line is the run's end.
/// Reports arrive on the training thread (synchronously), unlike <see cref="Progress{T}"/>.
/// </summary>
public sealed class TrainingLine : IProgress<TrainingProgress>
{
    private readonly DisplayHandle _line;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();

    private TrainingLine(DisplayHandle line, TimeSpan interval)
    {
        _line = line;
        Interval = interval;
    }

    /// <summary>The shortest time between two redraws.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The last progress reported, or null before the first step.</summary>
    public TrainingProgress? Last { get; private set; }

    /// <summary>Displays a new line ("training...") and returns it; redraws at most every <paramref name="interval"/> (default 1 s).</summary>
    public static TrainingLine Show(TimeSpan? interval = null) =>
        new(NotebookDisplay.Show("training: waiting for the first step", MimeTypes.PlainText), interval ?? TimeSpan.FromSeconds(1));

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        Last = value;
        if (value.ValidationAccuracy is null && value.Step < value.Steps && _sinceDraw.Elapsed < Interval) return;
        _line.Update(value.ToString());
        _sinceDraw.Restart();
    }
}
