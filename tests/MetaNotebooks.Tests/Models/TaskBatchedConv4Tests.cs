using MetaNotebooks.Models;
using MetaNotebooks.Torch;
using static MetaNotebooks.Torch.torch;
using F = MetaNotebooks.Torch.torch.nn.functional;

namespace MetaNotebooks.Tests.Models;

[Collection(NativeCollection.Name)]
public sealed class TaskBatchedConv4Tests
{
    [Fact]
    public void Batched_forward_equals_running_each_task_alone()
    {
        manual_seed(1);
        using var scope = NewDisposeScope();
        using var net = new Conv4(hidden: 8, classes: 5, trackRunningStats: false);
        net.to(ScalarType.Float64);
        var ps = net.parameters();
        const int tasks = 3;
        var taskParams = ps.Select(p => (p.unsqueeze(0).expand(new[] { (long)tasks }.Concat(p.shape).ToArray()) + randn(new[] { (long)tasks }.Concat(p.shape).ToArray(), ScalarType.Float64) * 0.1)).ToList();
        var x = randn(new long[] { tasks, 4, 1, 28, 28 }, ScalarType.Float64);
        var batched = TaskBatchedConv4.Forward(x, taskParams);
        Assert.Equal(new long[] { tasks, 4, 5 }, batched.shape);
        for (var t = 0; t < tasks; t++)
        {
            var own = net.forward(x[t], taskParams.Select(p => p[t]).ToList());
            Assert.True(own.allclose(batched[t], 1e-10, 1e-10), $"task {t}: batched logits differ from the task run alone");
        }
    }

    [Fact]
    public void Batched_maml_meta_gradient_equals_the_task_loop()
    {
        manual_seed(2);
        using var scope = NewDisposeScope();
        using var net = new Conv4(hidden: 8, classes: 5, trackRunningStats: false);
        net.to(ScalarType.Float64);
        var ps = net.parameters();
        const int tasks = 3, n = 5, k = 1, q = 3;
        const double alpha = 0.1;
        var xs = randn(new long[] { tasks, n * k, 1, 28, 28 }, ScalarType.Float64);
        var xq = randn(new long[] { tasks, n * q, 1, 28, 28 }, ScalarType.Float64);
        var ys = arange(n).repeat_interleave(k);
        var yq = arange(n).repeat_interleave(q);

        // The papers' loop: one task at a time.
        var loop = zeros(new long[] { 0 }, ScalarType.Float64);
        var loopLoss = zeros(new long[0], ScalarType.Float64);
        for (var t = 0; t < tasks; t++)
        {
            var g = autograd.grad(F.cross_entropy(net.forward(xs[t]), ys), ps, create_graph: true);
            var fast = ps.Select((p, i) => p - alpha * g[i]).ToList();
            loopLoss = loopLoss + F.cross_entropy(net.forward(xq[t], fast), yq) / tasks;
        }
        var loopGrads = autograd.grad(loopLoss, ps);

        // All tasks in one pass.
        var taskParams = ps.Select(p => p.unsqueeze(0).expand(new[] { (long)tasks }.Concat(p.shape).ToArray())).ToList();
        var inner = F.cross_entropy(TaskBatchedConv4.Forward(xs, taskParams).reshape(tasks * n * k, n), ys.repeat(tasks)) * tasks;
        var tg = autograd.grad(new[] { inner }, taskParams, create_graph: true);
        var fastT = taskParams.Select((p, i) => p - alpha * tg[i]!).ToList();
        var outer = F.cross_entropy(TaskBatchedConv4.Forward(xq, fastT).reshape(tasks * n * q, n), yq.repeat(tasks));
        var batchedGrads = autograd.grad(outer, ps);

        Assert.True(loopLoss.allclose(outer, 1e-10, 1e-12), $"query loss: loop {loopLoss.item()} vs batched {outer.item()}");
        for (var i = 0; i < ps.Count; i++)
            Assert.True(loopGrads[i].allclose(batchedGrads[i], 1e-7, 1e-10), $"meta-gradient {i} differs between the loop and the batched pass");
    }
}
