using static MetaNotebooks.Torch.torch;
using F = MetaNotebooks.Torch.torch.nn.functional;

namespace MetaNotebooks.Torch.Tests;

/// <summary>Modules: parameter names and order, state dicts, BatchNorm2d modes, functional (fast-weight) forward.</summary>
[Collection(NativeCollection.Name)]
public sealed class ModuleTests
{
    [Fact]
    public void Sequential_names_parameters_by_position_in_registration_order()
    {
        using var net = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2, hasBias: false));
        var named = net.named_parameters().ToList();
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight" }, named.Select(p => p.name));
        Assert.Equal(new[] { new long[] { 4, 3 }, new long[] { 4 }, new long[] { 2, 4 } }, named.Select(p => p.parameter.shape));
        Assert.Equal(named.Select(p => p.parameter), net.parameters());
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad && p.is_leaf));
    }

    [Fact]
    public void Conv4_lists_parameters_and_buffers_with_dotted_names()
    {
        using var net = Conv4.Create(filters: 4, classes: 3);
        var expectedParameters = new List<string>();
        var expectedBuffers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            expectedParameters.AddRange(new[] { $"{4 * i}.weight", $"{4 * i}.bias", $"{4 * i + 1}.weight", $"{4 * i + 1}.bias" });
            expectedBuffers.AddRange(new[] { $"{4 * i + 1}.running_mean", $"{4 * i + 1}.running_var" });
        }
        expectedParameters.AddRange(new[] { "17.weight", "17.bias" });
        Assert.Equal(expectedParameters, net.named_parameters().Select(p => p.name));
        Assert.Equal(expectedBuffers, net.named_buffers().Select(b => b.name));
        Assert.Equal(expectedParameters.Concat(expectedBuffers).OrderBy(n => n, StringComparer.Ordinal),
            net.state_dict().Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void State_dict_round_trips_through_a_file_into_a_fresh_module()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var a = Conv4.Create(filters: 4, classes: 3);
        using (no_grad()) a.forward(randn(4, 1, 28, 28)); // moves the running statistics away from 0 and 1
        a.eval();
        var path = Path.Combine(Path.GetTempPath(), $"mn-state-{Guid.NewGuid():N}.mnt");
        try
        {
            save(a.state_dict(), path);
            using var b = Conv4.Create(filters: 4, classes: 3);
            b.eval();
            var x = randn(2, 1, 28, 28);
            Assert.False(a.forward(x).equal(b.forward(x)));
            b.load_state_dict(load(path));
            Assert.True(a.forward(x).equal(b.forward(x)));
            foreach (var ((na, ta), (nb, tb)) in a.state_dict().Zip(b.state_dict()))
            {
                Assert.Equal(na, nb);
                Assert.True(ta.equal(tb), na);
                Assert.False(ta.is_same(tb), "load_state_dict copies values; it does not share storage");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Strict_load_state_dict_names_missing_and_unexpected_keys()
    {
        using var scope = NewDisposeScope();
        using var m = new nn.Linear(2, 3);
        var state = m.state_dict();
        state.Remove("bias");
        state["extra.weight"] = ones(1);
        var e = Assert.Throws<ArgumentException>(() => m.load_state_dict(state));
        Assert.Contains("missing keys [bias]", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected keys [extra.weight]", e.Message, StringComparison.Ordinal);

        // strict: false loads what matches and ignores the rest.
        var newWeight = full(new long[] { 3, 2 }, 0.5);
        var oldBias = m.bias!.clone();
        m.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = newWeight, ["extra.weight"] = ones(1) }, strict: false);
        Assert.True(m.weight.equal(newWeight));
        Assert.True(m.bias.equal(oldBias));

        // Shapes must match even when not strict.
        var shape = Assert.Throws<ArgumentException>(() => m.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = ones(2, 3) }, strict: false));
        Assert.Contains("weight has shape [3, 2] in the module but [2, 3] in the state dict", shape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNorm2d_updates_running_stats_in_training_and_uses_them_in_eval()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var bn = new nn.BatchNorm2d(2, momentum: 0.1);
        using (no_grad())
        {
            bn.weight!.copy_(tensor(new float[] { 2, 3 }));
            bn.bias!.copy_(tensor(new float[] { 0.5f, -1 }));
        }
        var x = (randn(new long[] { 4, 2, 3, 3 }, float64) * 2 + 1).to(float32);
        var values = x.to(float64).data<double>();
        // Reference statistics per channel in doubles: mean and unbiased variance over N, H, W.
        var (mean, biasedVar, unbiasedVar) = (new double[2], new double[2], new double[2]);
        for (var c = 0; c < 2; c++)
        {
            var xs = Channel(values, c).ToArray();
            mean[c] = xs.Average();
            biasedVar[c] = xs.Select(v => (v - mean[c]) * (v - mean[c])).Sum() / xs.Length;
            unbiasedVar[c] = biasedVar[c] * xs.Length / (xs.Length - 1);
        }

        var trained = bn.forward(x).to(float64).data<double>();
        var runningMean = bn.running_mean!.to(float64).data<double>();
        var runningVar = bn.running_var!.to(float64).data<double>();
        var (w, b) = (new[] { 2.0, 3.0 }, new[] { 0.5, -1.0 });
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(0.9 * 0 + 0.1 * mean[c], runningMean[c], 5);
            Assert.Equal(0.9 * 1 + 0.1 * unbiasedVar[c], runningVar[c], 5);
            var expected = Channel(values, c).Select(v => (v - mean[c]) / Math.Sqrt(biasedVar[c] + 1e-5) * w[c] + b[c]).ToArray();
            AssertClose(expected, Channel(trained, c).ToArray(), 1e-4);
        }

        bn.eval();
        var before = bn.running_mean!.clone();
        var evaluated = bn.forward(x).to(float64).data<double>();
        Assert.True(bn.running_mean.equal(before), "eval must not update the running statistics");
        for (var c = 0; c < 2; c++)
        {
            var expected = Channel(values, c).Select(v => (v - runningMean[c]) / Math.Sqrt(runningVar[c] + 1e-5) * w[c] + b[c]).ToArray();
            AssertClose(expected, Channel(evaluated, c).ToArray(), 1e-4);
        }
    }

    [Fact]
    public void BatchNorm2d_functional_forward_uses_batch_stats_and_leaves_running_stats_alone()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var bn = new nn.BatchNorm2d(3);
        var x = randn(4, 3, 2, 2) * 3 + 2;
        var fast = bn.parameters().Select(p => (p * 1.5).detach()).ToList();
        var (mean0, var0) = (bn.running_mean!.clone(), bn.running_var!.clone());
        var functionalOut = bn.forward(x, fast);
        Assert.True(bn.running_mean.equal(mean0) && bn.running_var!.equal(var0), "a functional forward changed the running statistics");
        var expected = F.batch_norm(x, null, null, fast[0], fast[1], training: true);
        Assert.True(functionalOut.allclose(expected, 1e-5, 1e-6));

        bn.forward(x); // an ordinary training forward does update them
        Assert.False(bn.running_mean.equal(mean0));
    }

    [Fact]
    public void Functional_forward_with_the_modules_own_parameters_equals_forward_and_changes_nothing()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var net = Conv4.Create(filters: 4, classes: 3);
        var x = randn(3, 1, 28, 28);
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        // Training mode: both use batch statistics; the functional call must leave the running statistics alone.
        var functional = net.forward(x, net.parameters().ToList<Tensor>());
        AssertStateEquals(before, net);
        var ordinary = net.forward(x);
        Assert.True(functional.equal(ordinary));

        net.eval();
        var afterTraining = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Assert.True(net.forward(x, net.parameters().ToList<Tensor>()).equal(net.forward(x)));
        AssertStateEquals(afterTraining, net);
    }

    [Fact]
    public void Functional_forward_with_fast_weights_is_differentiable_to_second_order()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        using var net = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
        var (x, y) = (randn(5, 3), randint(0, 2, new long[] { 5 }));
        var theta = net.parameters().ToList<Tensor>();
        // One MAML inner step: fast = theta - 0.5 * grad, keeping the graph.
        var inner = F.cross_entropy(net.forward(x, theta), y);
        var grads = autograd.grad(inner, theta, create_graph: true);
        var fast = theta.Zip(grads, (p, g) => p - g * 0.5).ToList();
        var outer = F.cross_entropy(net.forward(x, fast), y);
        var metaGrads = autograd.grad(outer, theta);
        Assert.Equal(theta.Count, metaGrads.Length);
        for (var i = 0; i < theta.Count; i++)
        {
            Assert.Equal(theta[i].shape, metaGrads[i].shape);
            Assert.True(metaGrads[i].isfinite().all().item() != 0);
        }
        // The meta-gradient differs from the first-order one (the second-order term is there).
        var detachedFast = fast.Select(f => f.detach().requires_grad_()).ToList();
        var firstOrder = autograd.grad(F.cross_entropy(net.forward(x, detachedFast), y), detachedFast);
        Assert.Contains(Enumerable.Range(0, theta.Count), i => !metaGrads[i].allclose(firstOrder[i], 1e-4, 1e-6));
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    /// <summary>A layer that returns its input unchanged (as an identity or a disabled dropout may).</summary>
    private sealed class PassThrough : nn.Module<Tensor, Tensor>
    {
        protected internal override Tensor Forward(Tensor input, nn.ParameterView p) => input;
    }

    [Fact]
    public void Sequential_with_a_layer_that_returns_its_input_keeps_that_tensor_alive()
    {
        using var scope = NewDisposeScope();
        using var net = new nn.Sequential(new nn.Linear(3, 2), new PassThrough(), new nn.ReLU(), new PassThrough());
        var x = ones(4, 3);
        var y = net.forward(x);
        Assert.False(y.IsDisposed);
        Assert.Equal(new long[] { 4, 2 }, y.shape);
        var expected = nn.functional.linear(x, net.parameters()[0], net.parameters()[1]).relu();
        Assert.True(y.equal(expected));
        Assert.False(x.IsDisposed);
        using var identity = new nn.Sequential(new PassThrough(), new PassThrough());
        var same = identity.forward(x);
        Assert.True(same.equal(x));
    }

    [Fact]
    public void A_load_state_dict_that_fails_leaves_the_module_unchanged()
    {
        using var scope = NewDisposeScope();
        using var net = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var bad = before.ToDictionary(kv => kv.Key, kv => full(kv.Value.shape, 9.0));
        bad["2.weight"] = ones(1, 4); // the last entry has the wrong shape
        var e = Assert.Throws<ArgumentException>(() => net.load_state_dict(bad));
        Assert.Contains("2.weight has shape [1, 3] in the module but [1, 4] in the state dict", e.Message, StringComparison.Ordinal);
        AssertStateEquals(before, net);
    }

    /// <summary>The values of channel c of a [4, 2, H, W] tensor's elements (row-major), in N, H, W order.</summary>
    private static IEnumerable<double> Channel(double[] nchw, int c)
    {
        const int n = 4, channels = 2;
        var hw = nchw.Length / (n * channels);
        for (var i = 0; i < n; i++)
        for (var k = 0; k < hw; k++)
            yield return nchw[(i * channels + c) * hw + k];
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static void AssertStateEquals(Dictionary<string, Tensor> expected, nn.Module module)
    {
        foreach (var (name, t) in module.state_dict())
            using (t)
                Assert.True(t.equal(expected[name]), $"{name} changed");
    }

    [Fact]
    public void EvaluationMode_switches_every_submodule_and_restores_the_previous_mode()
    {
        using var net = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm2d(2));
        using (net.EvaluationMode())
            Assert.All(net.named_children(), c => Assert.False(c.module.training));
        Assert.True(net.training);
        Assert.All(net.named_children(), c => Assert.True(c.module.training));
        net.eval();
        using (net.EvaluationMode()) Assert.False(net.training);
        Assert.False(net.training);
    }

    [Fact]
    public void StateDict_Part_keeps_one_prefix_and_strips_it()
    {
        using var scope = torch.NewDisposeScope();
        var (a, b, c) = (torch.ones(1), torch.zeros(1), torch.ones(2));
        var part = StateDict.Part(new Dictionary<string, Tensor> { ["backbone.w"] = a, ["backbone.b"] = b, ["head.w"] = c, ["backbonex"] = c }, "backbone.");
        Assert.Equal(["b", "w"], part.Keys.Order());
        Assert.Same(a, part["w"]);
    }
}
