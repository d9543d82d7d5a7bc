using MetaNotebooks.Algorithms.LearnedOptimizers;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>
/// The learned optimizer of Andrychowicz et al. 2016 (notebook 14): one step of the coordinatewise LSTM against the cell
/// equations written out by hand, the gradient preprocessing's values, the baselines' updates, determinism, the bad
/// inputs, the memory of a long unroll, and that meta-training lowers the meta-loss on quadratics.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class LearnedOptimizerTests(ITestOutputHelper output)
{
    private static Device Cpu => torch.CPU;

    // The preprocessing written out: (log|x| / p, sign x) when |x| >= e^-p, else (-1, e^p x).
    private static Tensor PreprocessByHand(Tensor g, double p)
    {
        var large = g.abs() >= Math.Exp(-p);
        var magnitude = where(large, g.abs().log() / p, full_like(g, -1.0));
        var sign = where(large, g.sign(), g * Math.Exp(p));
        return stack([magnitude, sign], 1);
    }

    // One LSTM cell, PyTorch's equations: gates = x W_ih^T + b_ih + h W_hh^T + b_hh, in the order i, f, g, o.
    private static (Tensor H, Tensor C) CellByHand(Tensor x, Tensor h, Tensor c, TorchSharp.Modules.LSTMCell cell)
    {
        var gates = x.mm(cell.weight_ih!.t()) + cell.bias_ih! + h.mm(cell.weight_hh!.t()) + cell.bias_hh!;
        var chunks = gates.chunk(4, 1);
        var (i, f, g, o) = (chunks[0].sigmoid(), chunks[1].sigmoid(), chunks[2].tanh(), chunks[3].sigmoid());
        var cNext = f * c + i * g;
        return (o * cNext.tanh(), cNext);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_step_equals_the_LSTM_equations_by_hand(bool preprocess)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var optimizer = new LstmOptimizer(new LstmOptimizerOptions(Preprocess: preprocess, OutputScale: 0.1), Cpu);
        optimizer.to(float64);
        // Gradients over many orders of magnitude (some below e^-10, one exactly 0) and a state that is not zero.
        var gradient = tensor(new[] { 3.0, -0.25, 1e-6, -2e-5, 0.0, 40.0, -1e-3 }, float64);
        var n = gradient.size(0);
        var state = new LstmOptimizerState(randn(n, 20, float64), randn(n, 20, float64), randn(n, 20, float64), randn(n, 20, float64));

        var (update, next) = optimizer.call(gradient, state);

        using (no_grad())
        {
            var x = preprocess ? PreprocessByHand(gradient, 10) : gradient.unsqueeze(1);
            var (h1, c1) = CellByHand(x, state.H1, state.C1, optimizer.Layer1);
            var (h2, c2) = CellByHand(h1, state.H2, state.C2, optimizer.Layer2);
            var byHand = (h2.mm(optimizer.Output.weight!.t()) + optimizer.Output.bias!).squeeze(1) * 0.1;
            Assert.Equal([n], update.shape);
            Assert.True(update.allclose(byHand, 0, 1e-12), $"update {update.str()} vs by hand {byHand.str()}");
            Assert.True(next.H1.allclose(h1, 0, 1e-12) && next.C1.allclose(c1, 0, 1e-12), "layer 1's state");
            Assert.True(next.H2.allclose(h2, 0, 1e-12) && next.C2.allclose(c2, 0, 1e-12), "layer 2's state");
        }
        // One set of weights for every coordinate: a coordinate's update depends only on its own gradient and state.
        var (alone, _) = optimizer.call(gradient[TensorIndex.Slice(0, 1)], new LstmOptimizerState(state.H1[..1], state.C1[..1], state.H2[..1], state.C2[..1]));
        Assert.Equal(update[0].ToDouble(), alone[0].ToDouble(), 12);
    }

    [Fact]
    public void Gradient_preprocessing_gives_the_papers_values()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1e-6, 1e-5, 0.5, -3.0, 0.0 }, float64);
        var y = GradientPreprocessing.Apply(x, 10);
        Assert.Equal([5L, 2L], y.shape);
        var e10 = Math.Exp(10);   // e^-10 = 4.54e-5: 1e-6 and 1e-5 are below it, so they are (-1, e^10 x)
        double[,] expected =
        {
            { -1, e10 * 1e-6 },
            { -1, e10 * 1e-5 },
            { Math.Log(0.5) / 10, 1 },
            { Math.Log(3) / 10, -1 },
            { -1, 0 },
        };
        for (var i = 0; i < 5; i++)
        for (var j = 0; j < 2; j++)
            Assert.Equal(expected[i, j], y[i, j].ToDouble(), 12);
        // p = 5: the threshold is e^-5 = 6.7e-3, so 1e-2 is "large".
        Assert.Equal(Math.Log(1e-2) / 5, GradientPreprocessing.Apply(tensor(new[] { 1e-2 }, float64), 5)[0, 0].ToDouble(), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientPreprocessing.Apply(x, 0));
    }

    [Fact]
    public void Baselines_take_their_textbook_first_steps()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        // f(theta) = (theta - 3)^2 from theta_0 = 1: g_0 = -4.
        using var problem = new Optimizee([tensor(new[] { 1.0 }, float64)], p => (p[0] - 3).pow(2).sum());
        double After(BaselineKind kind, double lr) => 3 - Math.Sqrt(new BaselineOptimizer(kind, lr).Run(problem, 1)[1]);
        Assert.Equal(1 + 0.1 * 4, After(BaselineKind.Sgd, 0.1), 12);
        Assert.Equal(1 + 0.1 * 4, After(BaselineKind.Momentum, 0.1), 12);                      // v_1 = g_0
        Assert.Equal(1 + 0.1 * 4 / (Math.Sqrt(0.01 * 16) + 1e-8), After(BaselineKind.RmsProp, 0.1), 12);
        Assert.Equal(1 + 0.1 * 4 / (4 + 1e-8), After(BaselineKind.Adam, 0.1), 12);               // bias-corrected: lr * sign(g)
        // SGD on f for two steps by hand: theta_1 = 1.4, theta_2 = 1.4 + 0.1 * 2 * 1.6 = 1.72.
        var losses = new BaselineOptimizer(BaselineKind.Sgd, 0.1).Run(problem, 2);
        Assert.Equal(Math.Pow(3 - 1.72, 2), losses[2], 12);
        // A rate that diverges records +infinity instead of throwing, so a grid can include it.
        Assert.True(double.IsPositiveInfinity(new BaselineOptimizer(BaselineKind.Sgd, 1e3).Run(problem, 50)[^1]));
    }

    private static double[] TrainTwice(long seed)
    {
        manual_seed(seed);
        using var optimizer = new LstmOptimizer(device: Cpu);
        using var trainer = new LstmOptimizerTrainer(optimizer, horizon: 20, truncation: 5, metaLearningRate: 0.01);
        var family = new QuadraticFunctions();
        var losses = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            using var functions = family.Batch(seed, i, 8, Cpu);
            losses.AddRange(trainer.Train(functions).Losses);
        }
        using var heldOut = family.Batch(seed + 1, 0, 8, Cpu);
        losses.AddRange(Unroll.Run(optimizer, heldOut, 30).Losses);
        return losses.ToArray();
    }

    [Fact]
    public void Same_seed_twice_gives_identical_losses()
    {
        using var threads = new SingleThread();
        var first = TrainTwice(7);
        var second = TrainTwice(7);
        Assert.Equal(first, second);
        Assert.NotEqual(first, TrainTwice(8));
        // The functions themselves are a pure function of (seed, index): batch 1 of 4 holds functions 4-7 of batch 0 of 8.
        var family = new QuadraticFunctions();
        using var eight = family.Batch(3, 0, 8, Cpu);
        using var lastFour = family.Batch(3, 1, 4, Cpu);
        Assert.True(TensorAssert.Same(eight.Start[0][4..], lastFour.Start[0]));
    }

    [Fact]
    public void Stopping_and_resuming_meta_training_equals_an_uninterrupted_run()
    {
        using var threads = new SingleThread();
        using var folder = TestData.NewTempFolder("lstm-optimizer-resume");
        var family = new QuadraticFunctions();
        Optimizee Functions(int i) => family.Batch(5, i, 4, Cpu);
        LstmOptimizerTrainer NewTrainer(long seed)
        {
            manual_seed(seed);
            return new LstmOptimizerTrainer(new LstmOptimizer(device: Cpu), horizon: 10, truncation: 5, metaLearningRate: 0.01);
        }
        using var straight = NewTrainer(2);
        var straightCurve = straight.Fit(Functions, 6);
        var path = folder["optimizer.state"];
        using (var first = NewTrainer(2))
        {
            first.Fit(Functions, 6, progress: p => { if (p.Unroll == 3) first.Save(path); });
        }
        using var resumed = NewTrainer(9);   // other initial weights: all of them must come from the file
        resumed.Load(path);
        Assert.Equal(3, resumed.Unrolls);
        Assert.Equal(6, resumed.MetaSteps);
        var rest = resumed.Fit(Functions, 6, startAt: resumed.Unrolls);
        Assert.Equal(straightCurve.Skip(3), rest);
        foreach (var ((name, a), (_, b)) in straight.Optimizer.named_parameters().Zip(resumed.Optimizer.named_parameters()))
            Assert.True(TensorAssert.Same(a, b), $"{name} differs after resuming");
        using var other = new LstmOptimizerTrainer(new LstmOptimizer(device: Cpu), horizon: 20, truncation: 5);
        Assert.Contains("T = 10, truncation 5; this one has T = 20", Assert.Throws<ArgumentException>(() => other.Load(path)).Message);
    }

    [Fact]
    public void Bad_horizons_and_truncations_say_what_is_wrong()
    {
        using var threads = new SingleThread();
        manual_seed(1);
        using var optimizer = new LstmOptimizer(device: Cpu);
        using var quadratics = new QuadraticFunctions().Batch(0, 0, 2, Cpu);

        var horizon = Assert.Throws<ArgumentOutOfRangeException>(() => Unroll.Run(optimizer, quadratics, 0));
        Assert.Contains("horizon T must be at least 1 step; got 0", horizon.Message);
        var longer = Assert.Throws<ArgumentOutOfRangeException>(() => Unroll.Run(optimizer, quadratics, 10, truncation: 20));
        Assert.Contains("truncation (20 steps) is longer than the horizon (10 steps)", longer.Message);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => Unroll.Run(optimizer, quadratics, 10, truncation: 0));
        Assert.Contains("truncation must be at least 1 step; got 0", zero.Message);
        Assert.Contains("horizon T must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmOptimizerTrainer(optimizer, horizon: -5)).Message);
        Assert.Contains("longer than the horizon", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmOptimizerTrainer(optimizer, horizon: 10, truncation: 11)).Message);
        Assert.Contains("meta learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmOptimizerTrainer(optimizer, metaLearningRate: 0)).Message);
        Assert.Contains("output scale", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmOptimizer(new LstmOptimizerOptions(OutputScale: -1), Cpu)).Message);
    }

    [Fact]
    public void Parameter_lists_with_nothing_to_optimize_are_refused()
    {
        using var scope = NewDisposeScope();
        Tensor Loss(IReadOnlyList<Tensor> p) => p[0].sum();
        var empty = Assert.Throws<ArgumentException>(() => new Optimizee([], Loss));
        Assert.Contains("parameter list is empty", empty.Message);
        var noElements = Assert.Throws<ArgumentException>(() => new Optimizee([zeros(0), zeros(3, 0)], Loss));
        Assert.Contains("have no elements", noElements.Message);
        Assert.Contains("[0], [3, 0]", noElements.Message);
        using var one = new Optimizee([zeros(1)], Loss);
        Assert.Contains("at least 1 step", Assert.Throws<ArgumentOutOfRangeException>(() => new BaselineOptimizer(BaselineKind.Sgd, 0.1).Run(one, 0)).Message);
    }

    [Fact]
    public void Non_finite_gradients_and_losses_name_the_step()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var optimizer = new LstmOptimizer(device: Cpu);

        // sqrt|theta| at theta = 0: a finite loss whose gradient is NaN.
        using var kink = new Optimizee([zeros(4)], p => p[0].abs().sqrt().sum());
        var gradient = Assert.Throws<InvalidOperationException>(() => Unroll.Run(optimizer, kink, 10));
        Assert.Contains("Step 0 of the unroll: the optimizee's gradient at theta_0 has 4 non-finite entries", gradient.Message);

        // A loss that becomes NaN at its fourth evaluation: met at step 3 while running, and while meta-training.
        var calls = 0;
        using var failing = new Optimizee([ones(3)], p => calls++ >= 3 ? p[0].sum() * double.NaN : p[0].pow(2).sum());
        var loss = Assert.Throws<InvalidOperationException>(() => Unroll.Run(optimizer, failing, 10));
        Assert.Contains("Step 3 of the unroll: the optimizee's loss at theta_3 is NaN (not finite)", loss.Message);
        Assert.Contains("diverged", loss.Message);
        calls = 0;
        using var trainer = new LstmOptimizerTrainer(optimizer, horizon: 10, truncation: 5);
        var training = Assert.Throws<InvalidOperationException>(() => trainer.Train(failing));
        Assert.Contains("not finite", training.Message);
        Assert.Matches("Steps? [0-9-]+ of the unroll", training.Message);
    }

    [Fact]
    public void A_long_unroll_releases_every_tensor_it_makes()
    {
        using var threads = new SingleThread();
        manual_seed(4);
        using var optimizer = new LstmOptimizer(device: Cpu);
        using var trainer = new LstmOptimizerTrainer(optimizer, horizon: 40, truncation: 10);
        using var functions = new QuadraticFunctions().Batch(0, 0, 4, Cpu);
        trainer.Train(functions);                                    // Adam's state is made at its first step
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 5; i++) trainer.Train(functions);
        Unroll.Run(optimizer, functions, 100, observe: (_, g, u) => { });
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        output.WriteLine($"live tensors before {before}, after 5 training unrolls and one run of 100 steps {after}");
        Assert.Equal(before, after);
    }

    [Fact]
    public void Meta_training_lowers_the_meta_loss_on_held_out_quadratics()
    {
        using var threads = new SingleThread();
        manual_seed(0);
        using var optimizer = new LstmOptimizer(device: Cpu);
        using var trainer = new LstmOptimizerTrainer(optimizer, horizon: 100, truncation: 20, metaLearningRate: 0.01);
        var family = new QuadraticFunctions();
        using var heldOut = family.Batch(1, 0, 64, Cpu);
        var before = Unroll.Run(optimizer, heldOut, 100).MetaLoss;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 12; i++)
        {
            using var functions = family.Batch(0, i, 32, Cpu);
            trainer.Train(functions);
        }
        var after = Unroll.Run(optimizer, heldOut, 100).MetaLoss;
        output.WriteLine($"held-out meta-loss (mean loss over 100 steps) {before:0.000} -> {after:0.000} after 12 unrolls ({watch.Elapsed.TotalSeconds:0.0} s)");
        Assert.True(after < 0.5 * before, $"meta-training should at least halve the held-out meta-loss: {before:0.000} -> {after:0.000}");
    }
}
