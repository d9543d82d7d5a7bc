using MetaNotebooks.Tensors;
using TorchSharp;

namespace MetaNotebooks.Tests;

/// <summary>
/// The thread rule of <see cref="Devices.UseThreads"/>: an explicit count (--threads) wins, else METANB_NUM_THREADS, else
/// libtorch's default; a bad value is an error that names the option or the variable.
/// </summary>
public sealed class DevicesThreadRuleTests
{
    [Theory]
    [InlineData(3, "2", 3)]
    [InlineData(1, null, 1)]
    [InlineData(1, "two", 1)] // an explicit count wins, even over a bad variable
    [InlineData(null, "4", 4)]
    [InlineData(null, " 4 ", 4)]
    public void An_explicit_count_wins_else_the_variable(int? threads, string? variable, int expected) =>
        Assert.Equal(expected, Devices.ChooseThreads(threads, variable));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Neither_leaves_libtorchs_default(string? variable) => Assert.Null(Devices.ChooseThreads(null, variable));

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void A_bad_count_names_the_option(int threads)
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.ChooseThreads(threads, "2"));
        Assert.StartsWith($"--threads must be a positive integer, not {threads}:", e.Message);
        Assert.Contains("METANB_NUM_THREADS", e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void A_bad_variable_names_the_variable(string variable)
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.ChooseThreads(null, variable));
        Assert.StartsWith($"METANB_NUM_THREADS={variable} is not a positive integer:", e.Message);
        Assert.Contains("unset it", e.Message);
    }
}

/// <summary><see cref="Devices.UseThreads"/> on libtorch: a bad count changes nothing; an explicit count outlives the variable.</summary>
[Collection(NativeCollection.Name)]
public sealed class DevicesUseThreadsTests
{
    [Fact]
    public void A_bad_count_fails_before_touching_libtorch()
    {
        var before = torch.get_num_threads();
        Assert.Throws<ArgumentException>(() => Devices.UseThreads(0));
        Assert.Equal(before, torch.get_num_threads());
    }

    [Fact]
    public void An_explicit_count_stays_in_force_over_the_variable()
    {
        // The run's own count, made explicit, so that the tests after this one run as before.
        var current = torch.get_num_threads();
        var previous = Environment.GetEnvironmentVariable(Devices.ThreadsVariable);
        try
        {
            Assert.Equal(current, Devices.UseThreads(current));
            Environment.SetEnvironmentVariable(Devices.ThreadsVariable, (current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(current, Devices.UseThreads());
            _ = Devices.Choose("cpu"); // what Devices.Default does: it must not switch to the variable's count
            Assert.Equal(current, torch.get_num_threads());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Devices.ThreadsVariable, previous);
        }
    }
}
