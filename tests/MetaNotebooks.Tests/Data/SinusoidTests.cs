using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class SinusoidTests
{
    [Fact]
    public void Tasks_follow_the_maml_paper_ranges()
    {
        var tasks = new SinusoidTasks();
        var all = Enumerable.Range(0, 2000).Select(i => tasks.Task(0, i)).ToList();
        Assert.All(all, t => Assert.InRange(t.Amplitude, 0.1, 5.0));
        Assert.All(all, t => Assert.InRange(t.Phase, 0, Math.PI));
        Assert.True(all.Min(t => t.Amplitude) < 0.3 && all.Max(t => t.Amplitude) > 4.8, "amplitudes should cover [0.1, 5]");
        Assert.True(all.Min(t => t.Phase) < 0.1 && all.Max(t => t.Phase) > 3.0, "phases should cover [0, pi]");
        var (sx, sy, qx, qy) = all[0].Points(10, 30);
        Assert.Equal((10, 10, 30, 30), (sx.Length, sy.Length, qx.Length, qy.Length));
        Assert.All(sx.Concat(qx), x => Assert.InRange(x, -5, 5));
        for (var i = 0; i < 10; i++) Assert.Equal(all[0].Amplitude * Math.Sin(sx[i] - all[0].Phase), sy[i], 12);
        Assert.StartsWith("Sinusoid (seed 0, #0): y = ", all[0].ToString());
    }

    [Fact]
    public void Tasks_and_points_are_functions_of_the_key()
    {
        var tasks = new SinusoidTasks();
        Assert.Equal(tasks.Task(5, 9), new SinusoidTasks().Task(5, 9));
        Assert.NotEqual(tasks.Task(5, 9), tasks.Task(5, 10));
        Assert.Equal(tasks.Task(5, 9).Points(5, 5).SupportX, tasks.Task(5, 9).Points(5, 5).SupportX);
        Assert.Contains("shots = 0", Assert.Throws<ArgumentOutOfRangeException>(() => tasks.Task(0, 0).Points(0, 5)).Message);
        var (x, y) = tasks.Task(0, 0).Curve(101);
        Assert.Equal(-5, x[0]);
        Assert.Equal(5, x[^1]);
        Assert.Equal(tasks.Task(0, 0).Evaluate(0), y[50], 12);
    }

    [Fact]
    public void A_batch_stacks_tasks_as_tensors()
    {
        using var scope = torch.NewDisposeScope();
        using var batch = new SinusoidTasks().Batch(seed: 1, batchIndex: 2, tasks: 25, shots: 10, queries: 15);
        Assert.Equal(new long[] { 25, 10, 1 }, batch.SupportX.shape);
        Assert.Equal(new long[] { 25, 15, 1 }, batch.QueryY.shape);
        Assert.Equal(ScalarType.Float32, batch.SupportY.dtype);
        var task = batch.Tasks[3];
        Assert.Equal(new EpisodeKey(1, 53), task.Key);
        var points = task.Points(10, 15);
        Assert.Equal((float)points.QueryY[4], batch.QueryY[3, 4].item<float>());
        Assert.Equal((float)points.SupportX[9], batch.SupportX[3, 9].item<float>());
        Assert.Equal("SinusoidBatch: 25 tasks, 10 support and 15 query points each", batch.ToString());
    }
}
