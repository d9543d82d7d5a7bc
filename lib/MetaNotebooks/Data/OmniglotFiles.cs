namespace MetaNotebooks.Data;

/// <summary>The canonical Omniglot zips: file names and download addresses (github.com/brendenlake/omniglot, MIT).</summary>
public static class OmniglotFiles
{
    /// <summary>The background set's zip (30 alphabets, 964 characters).</summary>
    public const string BackgroundZip = "images_background.zip";

    /// <summary>The evaluation set's zip (20 alphabets, 659 characters).</summary>
    public const string EvaluationZip = "images_evaluation.zip";

    /// <summary>Where the canonical zips are published.</summary>
    public static Uri BaseUrl { get; } = new("https://github.com/brendenlake/omniglot/raw/master/python/");

    /// <summary>The zip's file name for a set.</summary>
    public static string ZipName(OmniglotSet set) => set == OmniglotSet.Background ? BackgroundZip : EvaluationZip;

    /// <summary>The download address of a set's zip under <paramref name="baseUrl"/> (default <see cref="BaseUrl"/>).</summary>
    public static Uri Url(OmniglotSet set, Uri? baseUrl = null) => new(baseUrl ?? BaseUrl, ZipName(set));
}
