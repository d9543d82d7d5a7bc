using MetaNotebooks.Evaluation;
using MetaNotebooks.Interactive.Display;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>The results table's rows read back by setting, as the notebooks' checks compare them.</summary>
public sealed class ResultsTableTests
{
    private static ResultRow Row(int ways, int shots, double mean) => new(new AccuracyResult("ProtoNet", ways, shots, 600, mean, 0.005), null);

    [Fact]
    public void Mean_is_the_accuracy_of_the_one_row_of_a_setting_and_a_missing_setting_names_the_rows()
    {
        var rows = new List<ResultRow> { Row(5, 1, 0.93), Row(5, 5, 0.98), Row(20, 1, 0.80) };
        Assert.Equal(0.98, rows.Mean(5, 5));
        Assert.Equal(0.80, rows.Mean(20, 1));
        var missing = Assert.Throws<ArgumentException>(() => rows.Mean(20, 5));
        Assert.StartsWith("No row is 20-way 5-shot; the rows are: ProtoNet 5-way 1-shot, ProtoNet 5-way 5-shot, ProtoNet 20-way 1-shot.", missing.Message);
        var twice = Assert.Throws<ArgumentException>(() => rows.Append(Row(5, 5, 0.97)).Mean(5, 5));
        Assert.StartsWith("2 rows are 5-way 5-shot, where one is expected", twice.Message);
    }
}
