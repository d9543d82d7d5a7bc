using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>
/// SGD and Adam against references computed here in plain doubles, parameter groups, schedulers, and resuming from a
/// saved optimizer state.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class OptimizerTests
{
    // The tiny problem: loss(w) = sum_i c_i (w_i - t_i)^2, so dloss/dw_i = 2 c_i (w_i - t_i).
    private static readonly double[] Start = { 1.0, -2.0, 0.5 };
    private static readonly double[] Target = { 0.3, 0.7, -1.1 };
    private static readonly double[] Curvature = { 1.0, 0.5, 3.0 };

    private static double[] Gradient(double[] w) => w.Select((v, i) => 2 * Curvature[i] * (v - Target[i])).ToArray();

    private static Tensor Loss(Tensor w)
    {
        using var t = tensor(Target);
        using var c = tensor(Curvature);
        using var d = w - t;
        using var sq = d * d;
        using var weighted = sq * c;
        return weighted.sum();
    }

    /// <summary>Runs the optimizer made by make for steps steps on the tiny problem (float64) and returns w after each step.</summary>
    private static List<double[]> RunTorch(Func<Tensor, optim.Optimizer> make, int steps)
    {
        using var w = tensor(Start, requires_grad: true);
        using var optimizer = make(w);
        var trajectory = new List<double[]>();
        for (var s = 0; s < steps; s++)
        {
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                Loss(w).backward();
                optimizer.step();
            }
            trajectory.Add(w.data<double>());
        }
        return trajectory;
    }

    private static List<double[]> ReferenceSgd(double lr, double momentum, double weightDecay, bool nesterov, int steps)
    {
        var w = (double[])Start.Clone();
        double[]? buf = null;
        var trajectory = new List<double[]>();
        for (var s = 0; s < steps; s++)
        {
            var g = Gradient(w);
            var d = g.Select((gi, i) => gi + weightDecay * w[i]).ToArray();
            if (momentum != 0)
            {
                buf = buf is null ? (double[])d.Clone() : buf.Select((b, i) => momentum * b + d[i]).ToArray();
                d = nesterov ? d.Select((di, i) => di + momentum * buf[i]).ToArray() : buf;
            }
            w = w.Select((wi, i) => wi - lr * d[i]).ToArray();
            trajectory.Add(w);
        }
        return trajectory;
    }

    private static List<double[]> ReferenceAdam(double lr, double beta1, double beta2, double eps, double weightDecay, int steps)
    {
        var w = (double[])Start.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        var trajectory = new List<double[]>();
        for (var t = 1; t <= steps; t++)
        {
            var g = Gradient(w).Select((gi, i) => gi + weightDecay * w[i]).ToArray();
            for (var i = 0; i < w.Length; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                var mHat = m[i] / (1 - Math.Pow(beta1, t));
                var vHat = v[i] / (1 - Math.Pow(beta2, t));
                w[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
            trajectory.Add((double[])w.Clone());
        }
        return trajectory;
    }

    private static void AssertTrajectories(List<double[]> expected, List<double[]> actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var s = 0; s < expected.Count; s++)
        for (var i = 0; i < expected[s].Length; i++)
            Assert.True(Math.Abs(expected[s][i] - actual[s][i]) <= tolerance * (1 + Math.Abs(expected[s][i])),
                $"step {s + 1}, w[{i}]: expected {expected[s][i]:R}, got {actual[s][i]:R}");
    }

    public static TheoryData<double, double, bool> SgdSettings => new()
    {
        { 0, 0, false },
        { 0.9, 0, false },
        { 0, 0.1, false },
        { 0.9, 0.05, false },
        { 0.8, 0.05, true },
    };

    [Theory]
    [MemberData(nameof(SgdSettings))]
    public void SGD_matches_the_reference(double momentum, double weightDecay, bool nesterov)
    {
        const double lr = 0.05;
        var actual = RunTorch(w => new optim.SGD(new[] { w }, lr, momentum, weightDecay, nesterov), 6);
        AssertTrajectories(ReferenceSgd(lr, momentum, weightDecay, nesterov, 6), actual);
        Assert.NotEqual(Start, actual[^1]);
    }

    [Theory]
    [InlineData(0.1, 0.9, 0.999, 1e-8, 0)]
    [InlineData(0.01, 0.5, 0.9, 1e-3, 0.1)]
    public void Adam_matches_the_reference(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        var actual = RunTorch(w => new optim.Adam(new[] { w }, lr, beta1, beta2, eps, weightDecay), 6);
        AssertTrajectories(ReferenceAdam(lr, beta1, beta2, eps, weightDecay, 6), actual);
    }

    [Fact]
    public void Parameter_groups_have_their_own_learning_rates()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2 }, requires_grad: true);
        var b = tensor(new double[] { 3, 4 }, requires_grad: true);
        using var sgd = new optim.SGD(new[] { new optim.ParamGroup(new[] { a }, lr: 0.5), new optim.ParamGroup(new[] { b }) }, lr: 0.01);
        Assert.Equal(new[] { 0.5, 0.01 }, sgd.param_groups.Select(g => g.lr));
        ((a * a).sum() + (b * b).sum()).backward();
        sgd.step();
        // w - lr * 2w
        Assert.Equal(new[] { 1 - 0.5 * 2, 2 - 0.5 * 4 }, a.data<double>());
        Assert.Equal(new[] { 3 - 0.01 * 6, 4 - 0.01 * 8 }, b.data<double>());
    }

    [Fact]
    public void Step_skips_parameters_without_a_gradient()
    {
        using var scope = NewDisposeScope();
        var used = tensor(new double[] { 1 }, requires_grad: true);
        var unused = tensor(new double[] { 5 }, requires_grad: true);
        using var adam = new optim.Adam(new[] { used, unused }, lr: 0.1);
        (used * 3).sum().backward();
        adam.step();
        Assert.Equal(new double[] { 5 }, unused.data<double>());
        Assert.NotEqual(1.0, used.data<double>()[0]);
        Assert.DoesNotContain(adam.state_dict().Keys, k => k.StartsWith("state.1.", StringComparison.Ordinal));
    }

    [Fact]
    public void StepLR_multiplies_by_gamma_every_step_size_epochs()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new double[] { 1 }, requires_grad: true);
        using var sgd = new optim.SGD(new[] { new optim.ParamGroup(new[] { w }, 0.2), new optim.ParamGroup(new[] { tensor(new double[] { 1 }, requires_grad: true) }) }, lr: 1.0);
        var schedule = new optim.lr_scheduler.StepLR(sgd, step_size: 3, gamma: 0.5);
        var seen = new List<double[]>();
        for (var epoch = 1; epoch <= 7; epoch++)
        {
            schedule.step();
            seen.Add(schedule.get_last_lr());
            Assert.Equal(epoch, schedule.last_epoch);
        }
        // epochs 1..7 -> floor(e / 3) = 0, 0, 1, 1, 1, 2, 2
        var factors = new[] { 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25 };
        for (var e = 0; e < 7; e++)
        {
            Assert.Equal(0.2 * factors[e], seen[e][0], 15);
            Assert.Equal(1.0 * factors[e], seen[e][1], 15);
        }
        Assert.Equal(sgd.param_groups.Select(g => g.lr), seen[^1]);
    }

    [Fact]
    public void CosineAnnealingLR_follows_half_a_cosine_from_the_initial_lr_to_eta_min()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new double[] { 1 }, requires_grad: true);
        using var adam = new optim.Adam(new[] { w }, lr: 0.1);
        const int tMax = 10;
        const double etaMin = 0.001;
        var schedule = new optim.lr_scheduler.CosineAnnealingLR(adam, tMax, etaMin);
        var lrs = new List<double>();
        for (var e = 1; e <= tMax; e++)
        {
            schedule.step();
            lrs.Add(adam.param_groups[0].lr);
        }
        for (var e = 1; e <= tMax; e++)
            Assert.Equal(etaMin + (0.1 - etaMin) * (1 + Math.Cos(Math.PI * e / tMax)) / 2, lrs[e - 1], 14);
        Assert.Equal((0.1 + etaMin) / 2, lrs[tMax / 2 - 1], 14); // half-way: the mean of the two ends
        Assert.Equal(etaMin, lrs[^1], 14);
        Assert.True(lrs.Zip(lrs.Skip(1)).All(p => p.Second < p.First), "the learning rate decreases monotonically");
        Assert.Equal(0.1, adam.param_groups[0].initial_lr);
    }

    [Fact]
    public void A_schedule_resumed_with_step_to_continues_where_it_stopped()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new double[] { 1 }, requires_grad: true);
        using var a = new optim.Adam(new[] { w }, lr: 0.1);
        using var b = new optim.Adam(new[] { w }, lr: 0.1);
        var uninterrupted = new optim.lr_scheduler.CosineAnnealingLR(a, 20);
        for (var e = 0; e < 12; e++) uninterrupted.step();
        var resumed = new optim.lr_scheduler.CosineAnnealingLR(b, 20);
        resumed.step_to(7);
        for (var e = 7; e < 12; e++) resumed.step();
        Assert.Equal(12, resumed.last_epoch);
        Assert.Equal(a.param_groups[0].lr, b.param_groups[0].lr);
        uninterrupted.step_to(25);
        Assert.Equal(0.0, a.param_groups[0].lr, 15); // past T_max the schedule stays at eta_min
        Assert.Throws<ArgumentOutOfRangeException>(() => resumed.step_to(-1));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void Resuming_from_saved_model_and_optimizer_state_gives_the_uninterrupted_result(string kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var batches = Enumerable.Range(0, 8).Select(_ => (x: randn(6, 4), y: randint(0, 3, new long[] { 6 }))).ToList();
        nn.Sequential Net() => new(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
        optim.Optimizer Opt(nn.Module m) => kind == "sgd"
            ? new optim.SGD(m.parameters(), 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true)
            : new optim.Adam(m.parameters(), 0.05, weight_decay: 0.01);
        void Train(nn.Sequential m, optim.Optimizer o, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                using var step = NewDisposeScope();
                o.zero_grad();
                nn.functional.cross_entropy(m.forward(batches[i].x), batches[i].y).backward();
                o.step();
            }
        }

        manual_seed(12);
        using var straight = Net();
        using var straightOpt = Opt(straight);
        var init = straight.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Train(straight, straightOpt, 0, 8);

        var dir = Path.Combine(Path.GetTempPath(), $"mn-resume-{Guid.NewGuid():N}");
        try
        {
            using (var first = Net())
            using (var firstOpt = Opt(first))
            {
                first.load_state_dict(init);
                Train(first, firstOpt, 0, 4);
                save(first.state_dict(), Path.Combine(dir, "model.mnt"));
                save(firstOpt.state_dict(), Path.Combine(dir, "optimizer.mnt"));
            }
            using var resumed = Net();
            using var resumedOpt = Opt(resumed);
            resumed.load_state_dict(load(Path.Combine(dir, "model.mnt")));
            resumedOpt.load_state_dict(load(Path.Combine(dir, "optimizer.mnt")));
            Train(resumed, resumedOpt, 4, 8);

            foreach (var ((name, a), (_, b)) in straight.state_dict().Zip(resumed.state_dict()))
                Assert.True(a.equal(b), $"{kind}: {name} differs between the uninterrupted and the resumed run");
            Assert.False(straight.parameters()[0].equal(init["0.weight"]), "training moved the weights");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_rejected_optimizer_state_dict_leaves_the_optimizer_as_it_was()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        using var adam = new optim.Adam(new[] { w }, lr: 0.1);
        (w * w).sum().backward();
        adam.step();
        var before = adam.state_dict();
        var bad = before.ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        bad["group.0.lr"] = tensor(0.5, float64);
        bad["state.0.exp_avg"] = zeros(new long[] { 3, 3 }, float64); // would broadcast into a [3] parameter's update
        var e = Assert.Throws<ArgumentException>(() => adam.load_state_dict(bad));
        Assert.Contains("\"state.0.exp_avg\" has shape [3, 3] but parameter 0 has shape [3]", e.Message, StringComparison.Ordinal);

        bad["state.0.exp_avg"] = before["state.0.exp_avg"].clone();
        bad["state.7.exp_avg"] = zeros(3);
        Assert.Throws<ArgumentException>(() => adam.load_state_dict(bad));

        var after = adam.state_dict();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (k, t) in before) Assert.True(t.equal(after[k]), $"{k} changed although the load was rejected");
        Assert.Equal(0.1, adam.param_groups[0].lr);
    }

    [Fact]
    public void Optimizer_state_dict_rejects_entries_of_another_optimizer()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new double[] { 1 }, requires_grad: true);
        using var sgd = new optim.SGD(new[] { w }, 0.1, momentum: 0.9);
        var e = Assert.Throws<ArgumentException>(() => sgd.load_state_dict(new Dictionary<string, Tensor> { ["state.3.momentum_buffer"] = ones(1) }));
        Assert.Contains("\"state.3.momentum_buffer\" does not belong to this optimizer (1 parameters, 1 groups)", e.Message, StringComparison.Ordinal);
    }
}
