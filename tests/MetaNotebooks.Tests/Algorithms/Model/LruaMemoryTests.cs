using MetaNotebooks.Algorithms.Model.Memory;

namespace MetaNotebooks.Tests;

/// <summary>
/// Santoro et al. 2016's memory equations, each on a 4-slot memory worked by hand (the numbers in the comments), and
/// the properties least-recently-used access relies on.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class LruaMemoryTests
{
    // Memory rows (1, 0), (0, 1), (1, 1), (-1, 0): one episode, 4 slots of width 2.
    private static Tensor FourSlots() => tensor(new float[] { 1, 0, 0, 1, 1, 1, -1, 0 }, [1, 4, 2]);

    private static void Near(double[] expected, Tensor actual, double tolerance = 1e-5)
    {
        var values = actual.to(ScalarType.Float64).flatten().data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
    }

    [Fact]
    public void Cosine_read_weights_and_read_vector_match_the_hand_computation()
    {
        using var scope = NewDisposeScope();
        var key = tensor(new float[] { 1, 0 }, [1, 1, 2]);
        // cos(k, M(i)) = 1, 0, 1/sqrt 2, -1.
        Near([1, 0, 1 / Math.Sqrt(2), -1], CosineAddressing.Similarity(FourSlots(), key));
        // softmax: e^1, e^0, e^0.7071, e^-1 over their sum 6.11427.
        double[] e = [Math.E, 1, Math.Exp(1 / Math.Sqrt(2)), 1 / Math.E];
        var sum = e.Sum();
        Assert.Equal(6.11427, sum, 4);
        var w = CosineAddressing.ReadWeights(FourSlots(), key);
        Near([0.444579, 0.163553, 0.331698, 0.060169], w);
        Near(e.Select(x => x / sum).ToArray(), w);
        // Sharpened by beta = 2: softmax(2 cos).
        double[] e2 = [Math.Exp(2), 1, Math.Exp(Math.Sqrt(2)), Math.Exp(-2)];
        Near(e2.Select(x => x / e2.Sum()).ToArray(), CosineAddressing.ReadWeights(FourSlots(), key, tensor(new float[] { 2 }, [1, 1])));
        // r = sum_i w(i) M(i) = (0.4446 + 0.3317 - 0.0602, 0.1636 + 0.3317).
        Near([0.716108, 0.495251], MemoryRead.Read(FourSlots(), w));
    }

    [Fact]
    public void Usage_least_used_write_weights_and_write_match_the_hand_computation()
    {
        using var scope = NewDisposeScope();
        var previousUsage = tensor(new float[] { 0.5f, 0.1f, 0.9f, 0.3f }, [1, 4]);
        var readWeights = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, [1, 1, 4]);
        var writeWeights = tensor(new float[] { 0, 0, 0.5f, 0.5f }, [1, 1, 4]);
        // w_u = 0.5 w_u_prev + w_r + w_w = (0.25 + 0.1, 0.05 + 0.2, 0.45 + 0.3 + 0.5, 0.15 + 0.4 + 0.5).
        var usage = UsageWeights.Update(previousUsage, readWeights, writeWeights, gamma: 0.5);
        Near([0.35, 0.25, 1.25, 1.05], usage);
        // Least used: slot 1 (0.25); the two least used: slots 1 and 0.
        Near([0, 1, 0, 0], LeastUsedWeights.Of(usage, 1));
        Near([1, 1, 0, 0], LeastUsedWeights.Of(usage, 2));
        // w_w = sigmoid(0) w_r_prev + (1 - sigmoid(0)) w_lu_prev = 0.5 (0.1, 0.2, 0.3, 0.4) + 0.5 (0, 1, 0, 0).
        var leastUsed = LeastUsedWeights.Of(usage, 1);
        var w = WriteWeights.Of(zeros(1, 1), readWeights, leastUsed);
        Near([0.05, 0.6, 0.15, 0.2], w);
        // Clear slot 1, then add w_w(i) k with k = (2, -1):
        // (1, 0) + 0.05 k, (0, 0) + 0.6 k, (1, 1) + 0.15 k, (-1, 0) + 0.2 k.
        var cleared = MemoryWrite.ClearLeastUsed(FourSlots(), leastUsed);
        Near([1, 0, 0, 0, 1, 1, -1, 0], cleared);
        Near([1.1, -0.05, 1.2, -0.6, 1.3, 0.85, -0.6, -0.2], MemoryWrite.Write(cleared, w, tensor(new float[] { 2, -1 }, [1, 1, 2])));
    }

    [Fact]
    public void Ties_in_usage_go_to_the_lowest_slot_and_read_weights_sum_to_one()
    {
        using var scope = NewDisposeScope();
        Near([1, 1, 0, 0, 0], LeastUsedWeights.Of(zeros(1, 5), 2));
        manual_seed(1);
        var memory = randn(3, 16, 6);
        var keys = randn(3, 4, 6);
        var strength = rand(3, 4) * 5;
        var w = CosineAddressing.ReadWeights(memory, keys, strength);
        Assert.Equal(new long[] { 3, 4, 16 }, w.shape);
        Assert.True((w.sum([2]) - 1).abs().max().ToDouble() < 1e-6, "every head's read weights sum to 1");
        Assert.True(w.min().ToDouble() > 0, "softmax weights are positive");
    }

    [Fact]
    public void With_the_gate_closed_each_step_writes_its_key_to_the_least_used_slot()
    {
        using var scope = NewDisposeScope();
        // Usage so far: slot 2 least used, then slot 0, then 3, then 1.
        var state = LruaState.Initial(1, 4, 2, 1) with { Usage = tensor(new float[] { 0.4f, 0.9f, 0.1f, 0.6f }, [1, 4]) };
        state = state with { LeastUsed = LeastUsedWeights.Of(state.Usage, 1) };
        var closed = full(1, 1, -30f);                     // sigmoid(-30) ~ 1e-13: write only to the least-used slot
        var written = new List<int>();
        for (var step = 0; step < 3; step++)
        {
            var key = tensor(new float[] { step + 1, -(step + 1) }, [1, 1, 2]);
            var before = state.Memory.clone();
            var leastUsed = state.LeastUsed[0].argmax().ToInt32();
            var (_, writeWeights, next) = LruaStep.Run(state, key, closed, null, gamma: 0.95);
            var changed = (next.Memory - before).abs().sum([2])[0];
            var slot = changed.argmax().ToInt32();
            written.Add(slot);
            Assert.Equal(leastUsed, slot);
            Assert.Equal(1.0, writeWeights[0, 0, slot].ToDouble(), 6);
            // The slot was cleared, then written: it holds the key exactly.
            Near([step + 1, -(step + 1)], next.Memory[0, slot], 1e-6);
            Assert.True(changed.sum().ToDouble() - changed[slot].ToDouble() < 1e-5, "no other slot changed");
            state = next;
        }
        // Least used first: slot 2, then 0 (usage 0.4 decays to 0.38 + reads), ... each a different slot.
        Assert.Equal(2, written[0]);
        Assert.Equal(3, written.Distinct().Count());
    }

    [Fact]
    public void Bad_memory_arguments_are_clear_errors()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("slots 0", Assert.Throws<ArgumentOutOfRangeException>(() => LruaState.Initial(1, 0, 4, 1)).Message);
        Assert.Contains("1 <= n <= 4", Assert.Throws<ArgumentOutOfRangeException>(() => LeastUsedWeights.Of(zeros(1, 4), 5)).Message);
        Assert.Contains("keys has shape [1, 1, 3]; expected [B, R, W] with the memory's B = 1 and W = 2",
            Assert.Throws<ArgumentException>(() => CosineAddressing.ReadWeights(FourSlots(), zeros(1, 1, 3))).Message);
        Assert.Contains("readWeights has shape [1, 1, 5]", Assert.Throws<ArgumentException>(() => MemoryRead.Read(FourSlots(), zeros(1, 1, 5))).Message);
        Assert.Contains("keys has shape [1, 2, 2]", Assert.Throws<ArgumentException>(() => MemoryWrite.Write(FourSlots(), zeros(1, 1, 4), zeros(1, 2, 2))).Message);
        Assert.Contains("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => UsageWeights.Update(zeros(1, 4), zeros(1, 1, 4), zeros(1, 1, 4), 1.5)).Message);
    }
}
