using MetaNotebooks.Interactive.Charts;
using Microsoft.Playwright;

namespace MetaNotebooks.Tests.Shared;

/// <summary>One headless Debian Chromium (through Playwright) for every browser test and chart render; closed at the end.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public ChromiumRenderer Renderer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await ChromiumRenderer.LaunchAsync(_playwright);
        Renderer = new ChromiumRenderer(Browser);
    }

    public async Task DisposeAsync()
    {
        await Renderer.DisposeAsync();
        await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
