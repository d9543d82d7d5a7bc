using MetaNotebooks.Evaluation;

namespace MetaNotebooks.Tests;

public sealed class PairedComparisonTests
{
    [Fact]
    public void The_paired_difference_matches_a_hand_computation()
    {
        // a - b = [10, 0, 20, 10]: mean 10; deviations 0, -10, 10, 0, so sd = sqrt(200 / 3) = 8.16497;
        // 95% half-width = 1.96 * 8.16497 / sqrt(4) = 8.00167.
        double[] a = [90, 80, 100, 70];
        double[] b = [80, 80, 80, 60];
        var paired = PairedComparison.Of("a", a, "b", b);
        Assert.Equal(4, paired.Episodes);
        Assert.Equal(10.0, paired.MeanDifference, 12);
        Assert.Equal(1.96 * Math.Sqrt(200.0 / 3) / 2, paired.Ci95, 12);
        Assert.Equal(8.00167, paired.Ci95, 5);
        Assert.True(paired.Significant);
        // The mean difference is the difference of the means.
        Assert.Equal(a.Average() - b.Average(), paired.MeanDifference, 12);
        Assert.Equal("a - b: +10.00 ± 8.00 over 4 episodes (significant)", paired.ToString());
    }

    [Fact]
    public void A_difference_inside_its_interval_is_noise()
    {
        var paired = PairedComparison.Of("a", [1, 0, 1, 0], "b", [0, 1, 1, 0]);
        Assert.Equal(0, paired.MeanDifference, 12);
        Assert.False(paired.Significant);
    }

    [Fact]
    public void Unpaired_inputs_are_refused_with_what_is_wrong()
    {
        Assert.Contains("same episodes", Assert.Throws<ArgumentException>(() => PairedComparison.Of("a", [1, 0], "b", [1])).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => PairedComparison.Of("a", [1], "b", [1])).Message);
    }
}
