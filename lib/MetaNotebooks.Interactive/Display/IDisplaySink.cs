namespace MetaNotebooks.Interactive.Display;

/// <summary>Where displayed values go: the headless runner's current cell, or a live kernel.</summary>
public interface IDisplaySink
{
    /// <summary>Adds a display output (one representation per mime type) and returns its position.</summary>
    int Publish(IReadOnlyDictionary<string, string> data);

    /// <summary>Replaces the data of an output published earlier in the same cell.</summary>
    void Update(int position, IReadOnlyDictionary<string, string> data);
}
