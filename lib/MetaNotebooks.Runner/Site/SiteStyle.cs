namespace MetaNotebooks.Runner.Site;

/// <summary>The course site's stylesheet (written once as <c>assets/site.css</c>).</summary>
internal static class SiteStyle
{
    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1b1f24; line-height: 1.5; }
        a { color: #0b63c5; }
        header.site { border-bottom: 1px solid #d0d7de; margin-bottom: 1.5em; padding-bottom: .5em; }
        .status { display: inline-block; padding: .1em .6em; border-radius: 1em; font-size: .85em; font-weight: 600; }
        .status.passed { background: #dafbe1; color: #116329; }
        .status.failed, .status.timedout { background: #ffebe9; color: #a40e26; }
        .status.notrun { background: #eaeef2; color: #57606a; }
        td .summary { font-size: .85em; color: #57606a; }
        table.course, table.metanb-table { border-collapse: collapse; margin: .5em 0; }
        table.course th, table.course td, table.metanb-table th, table.metanb-table td { border: 1px solid #d0d7de; padding: .35em .7em; text-align: left; }
        table.course th, table.metanb-table th { background: #f6f8fa; }
        .cell { margin: 1em 0; }
        .cell .prompt { color: #6e7781; font-family: monospace; font-size: .85em; }
        pre { background: #f6f8fa; padding: .7em; overflow-x: auto; border-radius: 6px; }
        pre.code { border-left: 3px solid #0b63c5; }
        pre.stderr { background: #fff8e6; }
        pre.error, div.error { background: #ffebe9; color: #a40e26; }
        div.error { padding: .7em 1em; border-radius: 6px; margin: 1em 0; }
        .output { margin: .3em 0 .3em 1.5em; overflow-x: auto; }
        .metanb-figure { margin: .5em 0; }
        """;
}
