using System.Diagnostics;
using Xunit.Abstractions;
using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>Dispose scopes free temporaries, and a long training loop keeps the process's resident memory flat.</summary>
[Collection(NativeCollection.Name)]
public sealed class MemoryTests
{
    private readonly ITestOutputHelper _output;

    public MemoryTests(ITestOutputHelper output) => _output = output;

    /// <summary>The resident set size of this process (VmRSS in /proc/self/status), in bytes.</summary>
    internal static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }

    [Fact]
    public void A_2000_step_Conv4_training_loop_keeps_resident_memory_flat()
    {
        const int steps = 2000, warmup = 200, batch = 8, classes = 5;
        const double boundMb = 20;
        // One libtorch thread: on a shared 2-core machine OpenMP threads spinning at barriers slow the loop down many times.
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            Train(steps, warmup, batch, classes, boundMb);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private void Train(int steps, int warmup, int batch, int classes, double boundMb)
    {
        manual_seed(1);
        using var net = Conv4.Create(filters: 16, classes: classes);
        using var optimizer = new optim.Adam(net.parameters(), lr: 1e-3);
        var stopwatch = Stopwatch.StartNew();
        long atWarmup = 0, peak = 0;
        double firstLoss = 0, lastLoss = 0;
        var checkpoints = new List<string>();
        for (var step = 1; step <= steps; step++)
        {
            using (NewDisposeScope())
            {
                var x = randn(batch, 1, 28, 28);
                var y = randint(0, classes, new long[] { batch });
                var loss = nn.functional.cross_entropy(net.forward(x), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                if (step == 1) firstLoss = loss.item();
                if (step == steps) lastLoss = loss.item();
                Assert.True(DisposeScope.Current!.Count > 0);
            }
            Assert.Null(DisposeScope.Current);
            if (step < warmup) continue;
            var rss = ResidentBytes();
            if (step == warmup) atWarmup = rss;
            peak = Math.Max(peak, rss);
            if (step % 450 == 0) checkpoints.Add($"step {step}: {rss / 1048576.0:F1} MB");
        }
        var atEnd = ResidentBytes();
        var growthMb = (atEnd - atWarmup) / 1048576.0;
        _output.WriteLine($"{steps} steps of Conv4 (16 filters, batch {batch}) in {stopwatch.Elapsed.TotalSeconds:F1} s; " +
                          $"loss {firstLoss:F3} -> {lastLoss:F3}");
        _output.WriteLine($"RSS at step {warmup}: {atWarmup / 1048576.0:F1} MB; at step {steps}: {atEnd / 1048576.0:F1} MB; " +
                          $"growth {growthMb:F2} MB; peak {peak / 1048576.0:F1} MB; {string.Join(", ", checkpoints)}");
        Assert.True(double.IsFinite(lastLoss));
        Assert.True(growthMb < boundMb, $"resident memory grew by {growthMb:F1} MB (bound {boundMb} MB) between step {warmup} and step {steps}");
        Assert.True((peak - atWarmup) / 1048576.0 < boundMb, $"resident memory peaked {(peak - atWarmup) / 1048576.0:F1} MB above step {warmup}");
    }

    [Fact]
    public void Leaked_temporaries_would_show_in_resident_memory()
    {
        // The measurement is sensitive: 64 live 2 MB temporaries (128 MB, more than malloc could have lying around
        // already resident) must show. Then disposing them gives the memory back.
        var before = ResidentBytes();
        var kept = new List<Tensor>();
        for (var i = 0; i < 64; i++) kept.Add(ones(512, 1024));
        var grown = (ResidentBytes() - before) / 1048576.0;
        foreach (var t in kept) t.Dispose();
        var afterDispose = (ResidentBytes() - before) / 1048576.0;
        _output.WriteLine($"64 live 2 MB tensors: +{grown:F1} MB; after disposing them: {afterDispose:+0.0;-0.0} MB");
        Assert.True(grown > 64, $"only {grown:F1} MB");
        Assert.True(afterDispose < grown / 2, $"disposing kept {afterDispose:F1} of {grown:F1} MB resident");
    }

    [Fact]
    public void A_scope_frees_every_temporary_made_inside_it()
    {
        Tensor a, b, c;
        DisposeScope scope;
        using (scope = NewDisposeScope())
        {
            a = ones(3);
            b = a * 2;
            c = b.sum();
            Assert.Same(scope, DisposeScope.Current);
            Assert.Equal(3, scope.Count);
            Assert.False(a.IsDisposed);
        }
        Assert.True(a.IsDisposed && b.IsDisposed && c.IsDisposed);
        Assert.Equal(0, scope.Count);
        Assert.Null(DisposeScope.Current);
    }

    [Fact]
    public void Disposing_a_tensor_early_removes_it_from_its_scope()
    {
        using var scope = NewDisposeScope();
        var a = ones(3);
        var b = ones(3);
        a.Dispose();
        Assert.Equal(1, scope.Count);
        Assert.True(a.IsDisposed);
        a.Dispose(); // twice is fine
        Assert.False(b.IsDisposed);
    }

    [Fact]
    public void MoveToOuterDisposeScope_and_DetachFromDisposeScope_keep_results_alive()
    {
        Tensor moved, detached, temporary;
        using (var outer = NewDisposeScope())
        {
            using (var inner = NewDisposeScope())
            {
                temporary = ones(2) + 1;
                moved = (temporary * 3).MoveToOuterDisposeScope();
                detached = (temporary * 4).DetachFromDisposeScope();
                Assert.Equal(2, inner.Count); // ones(2) and temporary
                Assert.Equal(1, outer.Count);
            }
            Assert.True(temporary.IsDisposed);
            Assert.False(moved.IsDisposed);
            Assert.Equal(new float[] { 6, 6 }, moved.data<float>());
            Assert.Equal(1, outer.Count);
        }
        Assert.True(moved.IsDisposed, "the outer scope frees what was moved into it");
        Assert.False(detached.IsDisposed, "a detached tensor belongs to no scope");
        Assert.Equal(new float[] { 8, 8 }, detached.data<float>());
        detached.Dispose();
        Assert.True(detached.IsDisposed);
    }

    [Fact]
    public void Nested_scopes_free_only_their_own_tensors()
    {
        using var outer = NewDisposeScope();
        var kept = ones(2);
        Tensor innerTensor, innermostTensor;
        using (var inner = NewDisposeScope())
        {
            innerTensor = ones(2);
            using (var innermost = NewDisposeScope())
            {
                innermostTensor = ones(2);
                Assert.Same(innermost, DisposeScope.Current);
                var up = innermost.MoveToOuter(ones(2) * 5);
                Assert.Equal(2, inner.Count);
                Assert.False(up.IsDisposed);
            }
            Assert.True(innermostTensor.IsDisposed);
            Assert.False(innerTensor.IsDisposed);
            Assert.Same(inner, DisposeScope.Current);
        }
        Assert.True(innerTensor.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Same(outer, DisposeScope.Current);
        Assert.Equal(1, outer.Count);
    }

    [Fact]
    public void MoveToOuter_of_a_tensor_from_an_enclosing_scope_leaves_it_where_it_is()
    {
        // A tensor owned by the outermost scope must stay owned by it when an inner scope is asked to move it.
        using var outer = NewDisposeScope();
        var t = ones(2);
        using (var middle = NewDisposeScope())
        using (var inner = NewDisposeScope())
        {
            inner.MoveToOuter(t);
            Assert.Equal(0, middle.Count);
        }
        Assert.False(t.IsDisposed);
        t.Dispose();
        Assert.Equal(0, outer.Count);
    }

    [Fact]
    public void Tensors_of_a_scope_can_be_disposed_on_other_threads_while_it_keeps_growing()
    {
        // A worker thread disposes tensors (as a consumer of a data-loading queue would) while the owning thread keeps
        // adding tensors to the same scope: the scope's bookkeeping must stay exact. Several rounds, because a race
        // shows only now and then.
        for (var round = 0; round < 4; round++)
        {
            using var scope = NewDisposeScope();
            const int count = 20000;
            var handoff = new System.Collections.Concurrent.BlockingCollection<Tensor>();
            Exception? workerError = null;
            var worker = new Thread(() =>
            {
                try
                {
                    foreach (var t in handoff.GetConsumingEnumerable()) t.Dispose();
                }
                catch (Exception e)
                {
                    workerError = e;
                }
            });
            worker.Start();
            var kept = new List<Tensor>();
            try
            {
                var one = ones(1);
                for (var i = 0; i < count; i++)
                {
                    var t = one.alias();
                    if (i % 2 == 0) handoff.Add(t);
                    else kept.Add(t);
                }
            }
            finally
            {
                // Whatever happens here, let the worker finish before the test goes on (or fails).
                handoff.CompleteAdding();
                Assert.True(worker.Join(TimeSpan.FromSeconds(60)));
            }
            Assert.Null(workerError);
            Assert.Equal(count / 2 + 1, scope.Count);
            Assert.All(kept, t => Assert.False(t.IsDisposed));
            scope.Dispose();
            Assert.All(kept, t => Assert.True(t.IsDisposed));
        }
    }

    [Fact]
    public void Scopes_disposed_out_of_order_do_not_leave_a_dead_scope_current()
    {
        var outer = NewDisposeScope();
        var inner = NewDisposeScope();
        outer.Dispose(); // out of order: the inner one is still open
        inner.Dispose();
        Assert.Null(DisposeScope.Current);
        using var t = ones(2);
        Assert.False(t.IsDisposed);
    }
}
