using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Site;

namespace MetaNotebooks.Runner.Tests;

/// <summary>
/// The course site's data: results.json carries every reported result under its notebook, and the index always lists
/// the whole course, keeping each notebook's last run and saying "not run" where there is none.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class CourseSiteTests(ExecutedFixtures executed)
{
    private static JsonArray Notebooks(string site) => JsonNode.Parse(File.ReadAllText(Path.Combine(site, "results.json")))!["notebooks"]!.AsArray();

    [Fact]
    public void Results_json_lists_each_notebooks_reported_results_beside_its_headline()
    {
        var site = Path.Combine(executed.Directory, "site");
        CourseSite.Write(site, executed.Results, "quick");
        var entry = Notebooks(site).Single(n => n!["notebook"]!.GetValue<string>() == "03-results.ipynb")!;
        Assert.Equal("""[{"method":"ProtoNet","setting":"5-way 1-shot","accuracy":93.37,"ci95":0.49,"episodes":600},{"method":"PixelNN","setting":"20-way 5-shot","accuracy":49.47,"ci95":0.51,"episodes":200}]""",
            entry["results"]!.ToJsonString());
        var basics = Notebooks(site).Single(n => n!["notebook"]!.GetValue<string>() == "01-basics.ipynb")!;
        Assert.Equal("[]", basics["results"]!.ToJsonString());
        Assert.Equal("55", basics["headline"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Index_keeps_the_whole_course_in_order_with_last_results_and_not_run()
    {
        var site = Path.Combine(executed.Directory, "site-course");
        var course = ExecutedFixtures.Notebooks.Select(TestPaths.Fixture).Append(TestPaths.Fixture("Failing/compile-error.ipynb")).ToList();
        CourseSite.Write(site, executed.Results, "quick", course);
        // A later run of one notebook: the others keep the results of their last run.
        var one = executed.Result("Passing/01-basics.ipynb");
        CourseSite.Write(site, [one], "quick", course);
        var entries = Notebooks(site).Select(n => (n!["notebook"]!.GetValue<string>(), n["status"]!.GetValue<string>())).ToList();
        Assert.Equal([("01-basics.ipynb", "passed"), ("02-charts.ipynb", "passed"), ("03-results.ipynb", "passed"), ("compile-error.ipynb", "not run"),
            ("fail-fast.ipynb", "failed"), ("runtime-error.ipynb", "failed")], entries);
        Assert.Equal(2, Notebooks(site)[2]!["results"]!.AsArray().Count);
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("<span class=\"status notrun\">not run</span>", index);
        Assert.Contains("3 of 6 notebooks passed (1 not run)", index);
    }
}
