using Microsoft.Playwright;

namespace MetaNotebooks.Interactive.Charts;

/// <summary>
/// Renders Plotly figures to PNG in headless Chromium through Microsoft.Playwright, driving Debian's
/// <c>/usr/bin/chromium</c> (or <c>METANB_CHROMIUM</c>); Playwright never downloads a browser here. One
/// browser and one page with plotly.js loaded are reused for every chart of the process.
/// </summary>
public sealed class ChromiumRenderer : IAsyncDisposable
{
    /// <summary>The arguments Chromium is started with (headless, sandbox-less, no network chatter).</summary>
    public static readonly IReadOnlyList<string> LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static readonly Lazy<ChromiumRenderer> SharedInstance = new(() =>
    {
        var renderer = new ChromiumRenderer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => renderer.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        return renderer;
    });

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _ownsBrowser = true;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    /// <summary>A renderer that starts its own browser on first use.</summary>
    public ChromiumRenderer()
    {
    }

    /// <summary>A renderer that draws in a browser someone else owns (e.g. a test fixture's); it opens one page there.</summary>
    public ChromiumRenderer(IBrowser browser)
    {
        _browser = browser;
        _ownsBrowser = false;
    }

    /// <summary>The process-wide renderer (one browser for all charts).</summary>
    public static ChromiumRenderer Shared => SharedInstance.Value;

    /// <summary>The Chromium executable: <c>METANB_CHROMIUM</c>, else the first of Debian's and common paths that exists.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("METANB_CHROMIUM") is { Length: > 0 } path ? path
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
          ?? throw new FileNotFoundException("Chromium is not installed. Run: bash scripts/setup.sh (apt-get install chromium), or set METANB_CHROMIUM.");

    /// <summary>Launches Debian's Chromium headless with <see cref="LaunchArgs"/>.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = LaunchArgs,
            Timeout = 60_000,
        });

    /// <summary>Renders a Plotly figure (JSON with data and layout) to PNG bytes of the given size.</summary>
    public byte[] RenderPng(string figureJson, int width, int height) =>
        RenderPngAsync(figureJson, width, height).GetAwaiter().GetResult();

    /// <inheritdoc cref="RenderPng"/>
    public async Task<byte[]> RenderPngAsync(string figureJson, int width, int height)
    {
        await _gate.WaitAsync();
        try
        {
            var page = await PageAsync();
            var dataUrl = await page.EvaluateAsync<string>(
                "async ([fig, w, h]) => { const f = JSON.parse(fig); return await Plotly.toImage({data: f.data, layout: f.layout}, {format: 'png', width: w, height: h}); }",
                new object[] { figureJson, width, height });
            var comma = dataUrl.IndexOf(',', StringComparison.Ordinal);
            return Convert.FromBase64String(dataUrl[(comma + 1)..]);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IPage> PageAsync()
    {
        if (_page is not null)
        {
            return _page;
        }
        if (_browser is null)
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await LaunchAsync(_playwright);
        }
        _page = await _browser.NewPageAsync();
        await _page.SetContentAsync("<!doctype html><html><head><meta charset=\"utf-8\"></head><body></body></html>");
        await _page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = PlotlyAsset.Path });
        return _page;
    }

    /// <summary>Closes the browser and the Playwright driver.</summary>
    public async ValueTask DisposeAsync()
    {
        var browser = Interlocked.Exchange(ref _browser, null);
        var page = Interlocked.Exchange(ref _page, null);
        if (!_ownsBrowser)
        {
            if (page is not null)
            {
                await page.CloseAsync();
            }
            return;
        }
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        Interlocked.Exchange(ref _playwright, null)?.Dispose();
    }
}
