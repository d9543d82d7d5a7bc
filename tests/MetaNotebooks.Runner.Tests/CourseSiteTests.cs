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
        var results = entry["results"]!.AsArray();
        var summaries = new JsonArray([.. results.Select(r =>
        {
            var summary = r!.AsObject().DeepClone().AsObject();
            summary.Remove("record");
            return (JsonNode)summary;
        })]);
        Assert.Equal("""[{"method":"ProtoNet","setting":"5-way 1-shot","accuracy":93.37,"ci95":0.49,"episodes":600},{"method":"PixelNN","setting":"20-way 5-shot","accuracy":49.47,"ci95":0.51,"episodes":200}]""",
            summaries.ToJsonString());
        // Each result also carries its record with provenance, under the registry's name.
        var record = results[0]!["record"]!;
        Assert.Equal(("protonet", 5, 1, 93.37), (record["method"]!.GetValue<string>(), record["ways"]!.GetValue<int>(), record["shots"]!.GetValue<int>(), record["accuracy"]!.GetValue<double>()));
        Assert.StartsWith("cpu x", record["device"]!.GetValue<string>());
        Assert.Equal("quick", record["profile"]!.GetValue<string>());
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

    [Fact]
    public void Index_shows_the_leaderboard_with_provenance_above_the_notebooks()
    {
        var site = Path.Combine(executed.Directory, "site-leaderboard");
        var folder = Path.Combine(executed.Directory, "results-folder");
        var scored = MetaNotebooks.Evaluation.Accuracy.Summarize("Matching", 5, 1, [70 / 75.0, 75 / 75.0, 72 / 75.0]) with { Queries = 75, TestSet = "0123456789abcdef" };
        var record = MetaNotebooks.Evaluation.ResultRecord.Of("matching", scored,
            new MetaNotebooks.Evaluation.Provenance("cpu x1", 1, "unknown", "metanb eval checkpoints/longer/matching.ckpt --results results/longer", "2026-12-05T11:00:00Z"))
            with { Profile = "quick", Steps = 600, Seed = 0 };
        MetaNotebooks.Evaluation.ResultFiles.Write(record, folder);
        CourseSite.Write(site, executed.Results, "quick", resultsFolder: folder);
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        var leaderboard = index.IndexOf("id=\"leaderboard\"", StringComparison.Ordinal);
        Assert.True(leaderboard >= 0 && leaderboard < index.IndexOf("id=\"course-map\"", StringComparison.Ordinal), "the leaderboard comes before the list of notebooks");
        // The results file's number, its run, device and date, and its command; and the notebook's reported result.
        Assert.Contains($"<b>{record.Accuracy:0.00} ± {record.Ci95:0.00}</b>", index);
        Assert.Contains("longer, 600 steps, cpu x1, 2026-12-05", index);
        Assert.Contains("<code>metanb eval checkpoints/longer/matching.ckpt --results results/longer</code>", index);
        Assert.Contains("<b>93.37 ± 0.49</b>", index);
        Assert.Contains("03-results.ipynb", index);
        Assert.Contains("paper 98.1", index);
    }
}
