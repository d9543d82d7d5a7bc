using System.Text.Json.Nodes;
using MetaNotebooks.Interactive.Notebooks;
using MetaNotebooks.Interactive.Site;
using Microsoft.Playwright;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// The course site in a real browser (Debian's Chromium through Playwright): every page loads without a
/// script error, and every chart is drawn by plotly.js (an SVG <c>.main-svg</c> inside each figure).
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class CourseSiteBrowserTests(BrowserFixture browser, ExecutedFixtures executed)
{
    private string WriteSite() => CourseSite.Write(Path.Combine(executed.Directory, "site"), executed.Results, "quick");

    [Fact]
    public async Task Every_page_loads_without_script_errors_and_every_chart_draws()
    {
        var index = WriteSite();
        var pages = new[] { index }.Concat(executed.Results.Select(r => Path.Combine(Path.GetDirectoryName(index)!, CourseSite.PageName(r))));
        foreach (var pagePath in pages)
        {
            var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            page.Console += (_, m) =>
            {
                if (m.Type == "error")
                {
                    errors.Add(m.Text);
                }
            };
            try
            {
                await page.GotoAsync(new Uri(pagePath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                var expected = ExpectedFigures(pagePath);
                if (expected > 0)
                {
                    await page.WaitForFunctionAsync($"document.querySelectorAll('.metanb-figure .main-svg').length >= {expected}", null,
                        new PageWaitForFunctionOptions { Timeout = 30_000 });
                }
                var svgsPerFigure = await page.EvaluateAsync<int[]>("Array.from(document.querySelectorAll('.metanb-figure')).map(d => d.querySelectorAll('.main-svg').length)");
                Assert.Equal(expected, svgsPerFigure.Length);
                Assert.All(svgsPerFigure, n => Assert.True(n > 0, $"{Path.GetFileName(pagePath)}: a chart did not draw"));
                Assert.True(errors.Count == 0, $"{Path.GetFileName(pagePath)}: script errors: {string.Join(" | ", errors)}");
                if (Path.GetFileName(pagePath) == "02-charts.html")
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "metanb-site-02-charts.png"), FullPage = true });
                }
            }
            finally
            {
                await page.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task Index_lists_each_notebook_with_status_time_and_headline()
    {
        var index = WriteSite();
        var page = await browser.Browser.NewPageAsync();
        try
        {
            await page.GotoAsync(new Uri(index).AbsoluteUri);
            var rows = await page.EvaluateAsync<string[][]>(
                "Array.from(document.querySelectorAll('#course-map tbody tr')).map(r => Array.from(r.cells).map(c => c.innerText.trim()))");
            Assert.Equal(["01-basics", "02-charts", "runtime-error"], rows.Select(r => r[0]));
            Assert.Equal(["passed", "passed", "failed"], rows.Select(r => r[2]));
            Assert.Equal("Basics fixture\nState across cells, display, results tables, console capture.", rows[0][1]);
            Assert.All(rows, r => Assert.Matches(@"^\d+\.\d s$", r[3]));
            Assert.Equal("sum of squares: 55", rows[0][4]);
            Assert.Equal("charts drawn: 5", rows[1][4]);
            Assert.Contains("cell 3, line 3", rows[2][5]);
            await page.ClickAsync("text=02-charts");
            Assert.EndsWith("02-charts.html", page.Url);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public void Failed_notebook_page_shows_where_it_stopped()
    {
        var index = WriteSite();
        var html = File.ReadAllText(Path.Combine(Path.GetDirectoryName(index)!, "runtime-error.html"));
        Assert.Contains("Stopped at cell 3, line 3", html);
        Assert.Contains("deliberate failure after 3", html);
    }

    private int ExpectedFigures(string pagePath)
    {
        var result = executed.Results.FirstOrDefault(r => CourseSite.PageName(r) == Path.GetFileName(pagePath));
        return result is null ? 0 : NotebookDocument.Load(result.ExecutedPath).Cells
            .SelectMany(c => c.Kind == CellKind.Code ? c.Outputs.OfType<JsonObject>() : [])
            .Count(o => CellOutput.ReadData(o, MimeTypes.Plotly) is not null);
    }
}
