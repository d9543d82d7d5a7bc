using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Notebooks;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Runner.Site;
using Microsoft.Playwright;

namespace MetaNotebooks.Runner.Tests;

/// <summary>
/// The course site in a real browser (Debian's Chromium through Playwright): every page loads without a
/// script error, every chart is drawn by plotly.js (an SVG <c>.main-svg</c> inside each figure), every formula is
/// typeset by KaTeX (no raw TeX delimiter is left in the page's text) and C# code is highlighted.
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
                await page.WaitForFunctionAsync("document.readyState === 'complete' && typeof renderMathInElement === 'function' && typeof hljs === 'object'", null,
                    new PageWaitForFunctionOptions { Timeout = 30_000 });
                // The page's prose after its scripts ran (code and outputs aside, where $ and \( are C#, not TeX).
                var prose = await page.EvaluateAsync<string>(
                    "(() => { const b = document.body.cloneNode(true); b.querySelectorAll('pre, code, .output, script, style').forEach(e => e.remove()); return b.innerText; })()");
                foreach (var delimiter in new[] { "\\(", "\\)", "\\[", "\\]", "$$" })
                {
                    Assert.False(prose.Contains(delimiter, StringComparison.Ordinal), $"{Path.GetFileName(pagePath)}: raw TeX delimiter {delimiter} left in the page");
                }
                var codeBlocks = await page.EvaluateAsync<int[]>("[document.querySelectorAll('pre.code code').length, document.querySelectorAll('pre.code code.hljs').length]");
                Assert.Equal(codeBlocks[0], codeBlocks[1]);
                if (Path.GetFileName(pagePath) == "03-results.html")
                {
                    Assert.True(await page.EvaluateAsync<int>("document.querySelectorAll('.katex').length") >= 2, "03-results.html: the math was not typeset");
                    Assert.True(await page.EvaluateAsync<int>("document.querySelectorAll('.katex-display').length") >= 1, "03-results.html: the display formula was not typeset");
                    Assert.True(await page.EvaluateAsync<bool>("getComputedStyle(document.querySelector('.katex')).fontFamily.includes('KaTeX')"), "KaTeX's stylesheet did not load");
                }
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
    public async Task Index_lists_each_notebook_with_status_time_headline_and_results()
    {
        var index = WriteSite();
        var page = await browser.Browser.NewPageAsync();
        try
        {
            await page.GotoAsync(new Uri(index).AbsoluteUri);
            await page.WaitForFunctionAsync("document.readyState === 'complete'");
            var rows = await page.EvaluateAsync<string[][]>(
                "Array.from(document.querySelectorAll('#course-map tbody tr')).map(r => Array.from(r.cells).map(c => c.innerText.trim()))");
            Assert.Equal(["01-basics", "02-charts", "03-results", "fail-fast", "runtime-error"], rows.Select(r => r[0]));
            Assert.Equal(["passed", "passed", "passed", "failed", "failed"], rows.Select(r => r[2]));
            Assert.Equal("Basics fixture\nState across cells, display, results tables, console capture.", rows[0][1]);
            Assert.All(rows, r => Assert.Matches(@"^\d+\.\d s$", r[3]));
            Assert.Equal("sum of squares: 55", rows[0][4]);
            Assert.Equal("charts drawn: 6", rows[1][4]);
            Assert.Equal("ProtoNet 5-way 1-shot: 93.37% ± 0.49% (600 episodes)\nPixelNN 20-way 5-shot: 49.47% ± 0.51% (200 episodes)", rows[2][5]);
            Assert.Contains("cell 3, line 3", rows[4][6]);
            Assert.Contains("the kernel died in cell 3", rows[3][6]);
            // The summary is Markdown: bold, code and math rendered.
            Assert.Equal(1, await page.EvaluateAsync<int>("document.querySelectorAll('#course-map tbody tr:nth-child(3) .summary strong').length"));
            Assert.Equal(1, await page.EvaluateAsync<int>("document.querySelectorAll('#course-map tbody tr:nth-child(3) .summary .katex').length"));
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
