namespace MetaNotebooks.Episodes;

/// <summary>The labelled images of one side of an episode, label-major: label 0's images, then label 1's, ...</summary>
/// <param name="Items">The images with their labels.</param>
public abstract record LabelledSet(IReadOnlyList<EpisodeItem> Items)
{
    /// <summary>Number of images.</summary>
    public int Count => Items.Count;

    /// <summary>The labels, in order.</summary>
    public long[] Labels => Items.Select(i => (long)i.Label).ToArray();

    /// <summary>The source's image ids, in order.</summary>
    public long[] ImageIds => Items.Select(i => i.ImageId).ToArray();

    /// <summary>The items as "label:#drawing", space-separated.</summary>
    protected string ItemText => string.Join(" ", Items);
}
