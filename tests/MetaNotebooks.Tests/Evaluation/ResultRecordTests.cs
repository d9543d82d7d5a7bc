using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

public sealed class ResultRecordTests
{
    private static readonly Provenance Here = new("cpu x1", 1, "unknown", "metanb eval x.ckpt", "2026-12-05T11:00:00Z");

    private static ResultRecord Record(string method, params int[] correct) =>
        ResultRecord.Of(method, Accuracy.Summarize(method, 5, 1, [.. correct.Select(c => c / 75.0)]) with { Queries = 75, TestSet = "abc" }, Here);

    [Fact]
    public void A_record_keeps_the_per_episode_counts_and_gives_its_mean_back_exactly()
    {
        var record = Record("ProtoNet", 70, 75, 61, 73);
        Assert.Equal("protonet", record.Method);
        Assert.Equal([70, 75, 61, 73], record.Correct);
        Assert.Equal(100 * (70 + 75 + 61 + 73) / 300.0, record.Accuracy, 10);
        var back = ResultRecord.FromJson(record.ToJson(), "test");
        back.Verify("test");
        Assert.Equal(record.Accuracy, back.Accuracy);
        Assert.Equal(record.Ci95, back.Ci95);
        Assert.Contains("\"setting\": \"5-way 1-shot\"", record.ToJson());
    }

    [Fact]
    public void A_record_whose_counts_do_not_give_its_mean_is_refused()
    {
        var record = Record("protonet", 70, 75) with { Accuracy = 99 };
        Assert.Contains("per-episode counts give", Assert.Throws<InvalidDataException>(() => record.Verify("x.json")).Message);
        Assert.Contains("not a results record", Assert.Throws<InvalidDataException>(() => ResultRecord.FromJson("{\"method\": 3}", "y.json")).Message);
    }

    [Fact]
    public void Display_names_map_to_the_registry()
    {
        Assert.Equal("metasgd", MethodNames.Canonical("Meta-SGD"));
        Assert.Equal("lstm-meta", MethodNames.Canonical("LSTM meta-learner"));
        Assert.Equal("pretrain", MethodNames.Canonical("Pretrain+finetune"));
        Assert.Equal("pixelnn", MethodNames.Canonical("Pixel NN"));
        Assert.Equal("something", MethodNames.Canonical("something"));
    }

    [Fact]
    public void The_readme_section_is_replaced_between_its_markers()
    {
        var readme = $"top\n{Leaderboard.BeginMarker}\nold\n{Leaderboard.EndMarker}\nbottom\n";
        var replaced = Leaderboard.Replace(readme, "new table\n");
        Assert.Equal($"top\n{Leaderboard.BeginMarker}\nnew table\n{Leaderboard.EndMarker}\nbottom\n", replaced);
        Assert.Equal("new table\n", Leaderboard.Generated(replaced));
        Assert.Contains("no generated results section", Assert.Throws<InvalidDataException>(() => Leaderboard.Replace("no markers", "x")).Message);
    }

    [Fact]
    public void The_best_record_per_method_and_setting_wins()
    {
        var low = Record("protonet", 60, 60);
        var high = Record("protonet", 70, 70) with { Steps = 600, Profile = "quick" };
        var other = Record("matching", 50, 50);
        var best = Leaderboard.Best([low, high, other]);
        Assert.Equal([high, other], best);
        Assert.Equal("longer", Leaderboard.Kind(high));
        Assert.Equal("quick", Leaderboard.Kind(high with { Steps = 300 }));
        Assert.Equal("notebook", Leaderboard.Kind(low));
    }
}
