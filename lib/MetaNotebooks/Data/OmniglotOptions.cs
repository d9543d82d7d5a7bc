namespace MetaNotebooks.Data;

/// <summary>How <see cref="Omniglot.Load(OmniglotOptions?)"/> finds, checks and caches the data. Every property has a default.</summary>
public sealed record OmniglotOptions
{
    /// <summary>The folder holding the two zips; null: <see cref="DataFolder.Omniglot"/> (METANB_DATA, else data/omniglot).</summary>
    public string? DataFolder { get; init; }

    /// <summary>Where the image cache is written; null: <see cref="DataFolder.Cache"/> (METANB_CACHE, else the data folder).</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Side of the square images: 28 (the few-shot standard, area-resized) or 105 (the originals).</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Download missing zips from <see cref="DownloadBaseUrl"/> (default true).</summary>
    public bool Download { get; init; } = true;

    /// <summary>Where to download from; null: <see cref="OmniglotFiles.BaseUrl"/> (github.com/brendenlake/omniglot).</summary>
    public Uri? DownloadBaseUrl { get; init; }

    /// <summary>The downloader (retries, delay, HTTP client); null: a default one.</summary>
    public Downloader? Downloader { get; init; }

    /// <summary>What the tree must hold; null: <see cref="OmniglotManifest.Canonical"/>.</summary>
    public OmniglotManifest? Manifest { get; init; }

    /// <summary>Where progress lines go (downloads, cache build); null: the console.</summary>
    public Action<string>? Log { get; init; }
}
