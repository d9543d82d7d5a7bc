using MetaNotebooks.Tensors;
using MetaNotebooks.Training;

namespace MetaNotebooks.Runner;

/// <summary>
/// The slow-cell flag (as nbdev has one): a code cell whose first line is <c>//| slow</c> runs only in the
/// full profile; a quick run skips it and says so in the cell's output. In VS Code the line is a plain
/// comment, so the cell runs when you run it.
/// </summary>
public static class SlowCell
{
    /// <summary>The marker, alone on the cell's first line.</summary>
    public const string Marker = "//| slow";

    /// <summary>What a skipped cell shows.</summary>
    public const string SkippedNote = "Skipped in the quick profile (the cell is marked //| slow); metanb run --profile full runs it.\n";

    /// <summary>Whether the cell's first line is the marker.</summary>
    public static bool IsMarked(string source) =>
        source.Replace("\r\n", "\n").Split('\n')[0].Trim() == Marker;

    /// <summary>Whether marked cells run: only in the full profile (<see cref="Profile.Current"/>; the runner passes it to the kernel process as <c>METANB_PROFILE</c>).</summary>
    public static bool RunsInCurrentProfile => Profile.Current == ProfileName.Full;
}
