using Xunit.Abstractions;
using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>torch.manual_seed makes random numbers and whole training runs bit-identical, in one process and across processes.</summary>
[Collection(NativeCollection.Name)]
public sealed class DeterminismTests
{
    private readonly ITestOutputHelper _output;

    public DeterminismTests(ITestOutputHelper output) => _output = output;

    private static (float[] rand, float[] randn, long[] perm, long[] ints, float[] dropout, float[] uniform) Draw(long seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        return (rand(4, 5).data<float>(), randn(7).data<float>(), randperm(20).data<long>(), randint(-3, 9, new long[] { 10 }).data<long>(),
            nn.functional.dropout(ones(64), 0.5).data<float>(), empty(6).uniform_(-2, 2).data<float>());
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_random_numbers()
    {
        var a = Draw(123);
        var b = Draw(123);
        Assert.Equal(a.rand, b.rand);
        Assert.Equal(a.randn, b.randn);
        Assert.Equal(a.perm, b.perm);
        Assert.Equal(a.ints, b.ints);
        Assert.Equal(a.dropout, b.dropout);
        Assert.Equal(a.uniform, b.uniform);

        // Sanity: the draws are random-looking and a different seed gives different numbers.
        var c = Draw(124);
        Assert.NotEqual(a.rand, c.rand);
        Assert.NotEqual(a.perm, c.perm);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), a.perm.Order());
        Assert.All(a.ints, v => Assert.InRange(v, -3, 8));
        Assert.Contains(0f, a.dropout);
        Assert.Contains(2f, a.dropout);
    }

    [Fact]
    public void A_seeded_training_run_is_bit_identical_in_process_and_in_two_child_processes()
    {
        const long seed = 2024;
        var threads = get_num_threads();
        var inProcess = SeededTraining.Hash(seed);
        Assert.Equal(inProcess, SeededTraining.Hash(seed));
        Assert.NotEqual(inProcess, SeededTraining.Hash(seed + 1));

        var args = new[] { "determinism", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), threads.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var first = ChildProcess.Run(args);
        var second = ChildProcess.Run(args);
        _output.WriteLine($"threads {threads}; in-process {inProcess}; child 1 {first.Stdout.Trim()}; child 2 {second.Stdout.Trim()}");
        Assert.True(first.ExitCode == 0, $"child failed ({first.ExitCode}): {first.Stderr}");
        Assert.True(second.ExitCode == 0, $"child failed ({second.ExitCode}): {second.Stderr}");
        Assert.Equal(inProcess, first.Stdout.Trim());
        Assert.Equal(inProcess, second.Stdout.Trim());
    }

    [Fact]
    public void Set_num_threads_round_trips()
    {
        var original = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.Equal(1, get_num_threads());
            set_num_threads(3);
            Assert.Equal(3, get_num_threads());
            using var scope = NewDisposeScope();
            Assert.Equal(4950.0, arange(100).sum().item()); // kernels still run with a changed count
        }
        finally
        {
            set_num_threads(original);
        }
        Assert.Equal(original, get_num_threads());
    }
}
