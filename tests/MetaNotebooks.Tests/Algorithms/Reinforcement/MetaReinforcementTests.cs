using MetaNotebooks.Algorithms.Reinforcement;
using MetaNotebooks.Data;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// MAML for reinforcement learning (notebook 16): the environments step exactly as written out by hand and the same
/// batched as task by task; the REINFORCE gradient of a one-step Gaussian bandit is the estimator's formula and
/// converges to the closed form; the second-order meta-gradient through one policy-gradient step equals finite
/// differences in float64; the baseline, the returns and conjugate gradient are exact; the same seed gives the same
/// run, a resumed run equals an unbroken one, and bad inputs are refused with clear messages.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class MetaReinforcementTests
{
    private static Tensor Rows(params double[][] rows) => stack(rows.Select(r => tensor(r)).ToArray());

    [Fact]
    public void Navigation_steps_as_written_out_by_hand()
    {
        var env = new Navigation2D(horizon: 3);
        using var goal = Rows([0.3, -0.2]);
        var position = env.Start(goal, trajectories: 1);
        double[][] actions = [[0.5, 2.5], [-3.0, 0.0], [0.2, -1.0]];
        var (x, y) = (0.0, 0.0);
        foreach (var a in actions)
        {
            (position, var reward) = env.Step(goal, position, tensor(a, float64).reshape(1, 1, 2));
            x += 0.1 * Math.Clamp(a[0], -1, 1);
            y += 0.1 * Math.Clamp(a[1], -1, 1);
            Assert.Equal(x, position[0, 0, 0].ToDouble(), 12);
            Assert.Equal(y, position[0, 0, 1].ToDouble(), 12);
            Assert.Equal(-Math.Sqrt((x - 0.3) * (x - 0.3) + (y + 0.2) * (y + 0.2)), reward[0, 0].ToDouble(), 12);
        }
    }

    [Fact]
    public void Goal_direction_steps_as_written_out_by_hand()
    {
        var env = new GoalDirection(horizon: 2);
        using var direction = Rows([-1.0, 0.0]);
        var position = env.Start(direction, trajectories: 1);
        (position, var reward) = env.Step(direction, position, tensor(new[] { -2.0, 0.5 }).reshape(1, 1, 2));
        // Clipped to (-1, 0.5): velocity along -x is 1, control cost 0.05 * (1 + 0.25).
        Assert.Equal(1.0 - 0.05 * 1.25, reward[0, 0].ToDouble(), 12);
        Assert.Equal(-0.1, position[0, 0, 0].ToDouble(), 12);
        Assert.Equal(0.05, position[0, 0, 1].ToDouble(), 12);
    }

    [Fact]
    public void Batched_stepping_and_the_batched_policy_equal_a_loop_over_tasks()
    {
        using var random = MamlRl.Random(3, 0);
        foreach (PointTasks env in new PointTasks[] { new Navigation2D(), new GoalDirection(anyAngle: true) })
        {
            var tasks = env.Sample(4, random);
            var position = randn([4, 5, 2], float64, generator: random) * 0.3;
            var action = randn([4, 5, 2], float64, generator: random) * 0.5;
            var (next, reward) = env.Step(tasks, position, action);
            for (var t = 0; t < 4; t++)
            {
                var (n1, r1) = env.Step(tasks[t..(t + 1)], position[t..(t + 1)], action[t..(t + 1)]);
                Assert.True(TensorAssert.Same(next[t..(t + 1)], n1));
                Assert.True(TensorAssert.Same(reward[t..(t + 1)], r1));
            }
        }
        manual_seed(0);
        using var policy = new GaussianMlpPolicy(hidden: [16, 16]);
        policy.to(float64);
        var weights = policy.ParameterList().Select(p => p.detach().unsqueeze(0).expand([3, .. p.shape]).clone()).ToList();
        weights[0][1].add_(0.1);   // task 1 has its own first-layer weights
        var obs = randn([3, 7, 2], float64, generator: random);
        var (mean, logStd) = policy.Distribution(obs, weights);
        for (var t = 0; t < 3; t++)
        {
            var (m1, _) = policy.Distribution(obs[t..(t + 1)], weights.Select(w => w[t..(t + 1)]).ToList());
            Assert.True((mean[t..(t + 1)] - m1).abs().max().ToDouble() < 1e-14);
        }
        Assert.Equal([3L, 1, 2], logStd.shape);
    }

    [Fact]
    public void Reinforce_on_a_one_step_gaussian_bandit_is_the_estimator_and_converges_to_the_closed_form()
    {
        // a ~ N(mu, sigma^2) per coordinate, reward -(a - c)^2 summed: J = -sum((mu - c)^2 + sigma^2),
        // dJ/dmu = -2 (mu - c), dJ/dlog sigma = -2 sigma^2. The policy's mean is its last bias (every weight zero).
        manual_seed(0);
        using var policy = new GaussianMlpPolicy(hidden: [1]);
        policy.to(float64);
        var theta = policy.ParameterList();
        using (no_grad())
        {
            foreach (var p in theta) p.zero_();
            theta[^2].copy_(tensor(new[] { 0.4, -0.3 }));   // mu
            theta[^1].copy_(tensor(new[] { -0.5, 0.2 }));   // log sigma
        }
        var c = tensor(new[] { 1.0, 0.5 });
        const int n = 400_000;
        using var random = MamlRl.Random(11, 0);
        var mu = theta[^2].detach();
        var sigma = theta[^1].detach().exp();
        var actions = (mu + sigma * randn([n, 2], float64, generator: random)).reshape(1, n, 1, 2);
        var rewards = -(actions - c).pow(2).sum(-1);
        using var bandit = Trajectories.Of(zeros([1, n, 1, 2], float64), actions, rewards);
        var loss = PolicyGradient.SurrogateLoss(policy, bandit, rewards, GaussianMlpPolicy.PerTask(theta, 1)).sum();
        var grads = Gradients.Of(loss, [theta[^2], theta[^1]]);

        // The estimator written out: -mean(grad log pi(a) r), grad_mu log pi = (a - mu) / sigma^2, grad_log sigma = z^2 - 1.
        var a = actions.reshape(n, 2);
        var r = rewards.reshape(n, 1);
        var z = (a - mu) / sigma;
        Assert.True((grads[0] - (-(z / sigma * r).mean([0]))).abs().max().ToDouble() < 1e-10);
        Assert.True((grads[1] - (-((z.pow(2) - 1) * r).mean([0]))).abs().max().ToDouble() < 1e-10);

        // The closed form, within 5 standard errors of the Monte Carlo mean.
        var exactMu = -(-2 * (mu - c));
        var exactLogSigma = -(-2 * sigma.pow(2));
        var seMu = (z / sigma * r).std(0) / Math.Sqrt(n);
        var seLogSigma = ((z.pow(2) - 1) * r).std(0) / Math.Sqrt(n);
        Assert.True(((grads[0] - exactMu).abs() < 5 * seMu).all().ToBoolean(), $"mu: {grads[0].str()} vs {exactMu.str()} (se {seMu.str()})");
        Assert.True(((grads[1] - exactLogSigma).abs() < 5 * seLogSigma).all().ToBoolean(), $"log sigma: {grads[1].str()} vs {exactLogSigma.str()}");
    }

    [Fact]
    public void The_second_order_meta_gradient_through_one_policy_gradient_step_equals_finite_differences()
    {
        manual_seed(1);
        using var policy = new GaussianMlpPolicy(hidden: [6, 6]);
        policy.to(float64);
        var env = new Navigation2D(horizon: 4);
        using var random = MamlRl.Random(5, 0);
        var tasks = env.Sample(2, random);
        var theta = policy.ParameterList();
        // Biases start at 0 and every trajectory at the origin, so the first step sits on ReLU's kink, where finite
        // differences are meaningless: move the biases off it.
        using (no_grad()) foreach (var b in theta.Where(p => p.dim() == 1)) b.copy_(randn(b.shape, float64, generator: random) * 0.3);
        using var before = Trajectories.Sample(env, tasks, policy, GaussianMlpPolicy.PerTask(theta, 2), 3, random);
        using var after = Trajectories.Sample(env, tasks, policy, GaussianMlpPolicy.PerTask(theta, 2), 3, random);
        var advBefore = PolicyGradient.Advantages(before, 0.99);
        var advAfter = PolicyGradient.Advantages(after, 0.99);
        const double alpha = 0.5;
        Tensor MetaLoss(IReadOnlyList<Tensor> w, bool createGraph)
        {
            var adapted = PolicyGradient.Adapt(policy, before, advBefore, GaussianMlpPolicy.PerTask(w, 2), alpha, createGraph);
            return PolicyGradient.SurrogateLoss(policy, after, advAfter, adapted).mean();
        }
        var exact = Gradients.Of(MetaLoss(theta, createGraph: true), theta);
        var firstOrder = Gradients.Of(MetaLoss(theta, createGraph: false), theta);
        const double eps = 1e-6;
        double worst = 0, secondOrderTerm = 0;
        for (var i = 0; i < theta.Count; i++)
        {
            var flat = theta[i].detach().reshape(-1);
            for (var j = 0; j < flat.shape[0]; j++)
            {
                double At(double delta)
                {
                    var shifted = theta.Select(p => p.detach().clone().requires_grad_()).ToList();
                    using (no_grad()) shifted[i].view(-1)[j].add_(delta);
                    return MetaLoss(shifted, createGraph: false).ToDouble();
                }
                var numeric = (At(eps) - At(-eps)) / (2 * eps);
                var analytic = exact[i].reshape(-1)[j].ToDouble();
                worst = Math.Max(worst, Math.Abs(numeric - analytic) / Math.Max(1e-3, Math.Abs(numeric)));
                secondOrderTerm = Math.Max(secondOrderTerm, Math.Abs(analytic - firstOrder[i].reshape(-1)[j].ToDouble()));
            }
        }
        Assert.True(worst < 1e-6, $"relative error {worst:E2} against finite differences");
        Assert.True(secondOrderTerm > 1e-4, $"the second-order term changes the gradient by {secondOrderTerm:E2}");
    }

    [Fact]
    public void Returns_baseline_and_conjugate_gradient_are_exact()
    {
        var rewards = tensor(new[] { 1.0, 2.0, 3.0, 4.0 }).reshape(1, 1, 4);
        var returns = PolicyGradient.DiscountedReturns(rewards, 0.5);
        Assert.Equal([1 + 0.5 * 2 + 0.25 * 3 + 0.125 * 4, 2 + 0.5 * 3 + 0.25 * 4, 3 + 0.5 * 4, 4.0], returns.reshape(-1).data<double>().ToArray());

        // Returns that are a linear function of the features are fitted (almost) exactly.
        using var random = MamlRl.Random(2, 0);
        var obs = randn([2, 3, 5, 2], float64, generator: random);
        var features = LinearFeatureBaseline.Features(obs);
        var w = randn([8], float64, generator: random);
        var target = (features * w).sum(-1);
        var fitted = LinearFeatureBaseline.FitAndPredict(obs, target);
        Assert.True((fitted - target).abs().max().ToDouble() < 1e-3);

        // Conjugate gradient on a 3 x 3 SPD system converges in 3 steps.
        var m = tensor(new[] { 4.0, 1, 0, 1, 3, 1, 0, 1, 2 }).reshape(3, 3);
        var b = tensor(new[] { 1.0, 2, 3 });
        var x = Trpo.ConjugateGradient(v => mv(m, v), b, iterations: 3);
        Assert.True((mv(m, x) - b).abs().max().ToDouble() < 1e-10);
    }

    private static MamlRlOptions Tiny(long seed = 0) =>
        new() { Environment = "navigation", Horizon = 10, Tasks = 3, Trajectories = 4, Hidden = 16, Steps = 3, Seed = seed };

    [Fact]
    public void Same_seed_same_run_and_a_resumed_run_equals_an_unbroken_one()
    {
        using var single = new SingleThread();
        using var a = new MamlRl(Tiny(), CPU);
        a.Train();
        using var b = new MamlRl(Tiny(), CPU);
        b.Train();
        Assert.Equal(a.Curve.Select(p => (p.ReturnBefore, p.ReturnAfter, p.Kl, p.Backtracks)), b.Curve.Select(p => (p.ReturnBefore, p.ReturnAfter, p.Kl, p.Backtracks)));
        foreach (var (p, q) in a.Policy.parameters().Zip(b.Policy.parameters())) Assert.True(TensorAssert.Same(p, q));
        Assert.All(a.Curve, p => Assert.True(p.Kl <= 0.01 && p.Backtracks >= -1));
        Assert.Contains(a.Curve, p => p.Backtracks >= 0);

        var path = Path.Combine(Path.GetTempPath(), $"maml-rl-{Guid.NewGuid():N}.ckpt");
        try
        {
            using (var first = new MamlRl(Tiny() with { Steps = 2 }, CPU)) { first.Train(); first.Save(path); }
            using var resumed = MamlRl.Load(path, steps: 3, CPU);
            Assert.Equal(2, resumed.Step);
            resumed.Train();
            Assert.Equal(a.Curve.Select(p => p.ReturnAfter), resumed.Curve.Select(p => p.ReturnAfter));
            foreach (var (p, q) in a.Policy.parameters().Zip(resumed.Policy.parameters())) Assert.True(TensorAssert.Same(p, q));
        }
        finally { File.Delete(path); }

        using var pretrained = new MamlRl(Tiny() with { InnerSteps = 0 }, CPU);
        pretrained.Train();
        Assert.All(pretrained.Curve, p => Assert.Equal(p.ReturnBefore, p.ReturnAfter));
        var tasks = pretrained.TestTasks(3, seed: 1);
        using var adaptation = pretrained.Adapt(tasks, trajectories: 2, steps: 2, seed: 1);
        Assert.Equal(3, adaptation.AverageReturns().Length);
        Assert.All(adaptation.AverageReturns(), r => Assert.True(double.IsFinite(r)));
        using (var same = pretrained.Adapt(tasks, trajectories: 2, steps: 2, seed: 1, laterLearningRate: pretrained.Options.InnerLearningRate))
            Assert.Equal(adaptation.AverageReturns(), same.AverageReturns());
        using (var halved = pretrained.Adapt(tasks, trajectories: 2, steps: 2, seed: 1, laterLearningRate: pretrained.Options.InnerLearningRate / 2))
        {
            Assert.Equal(adaptation.AverageReturns()[..2], halved.AverageReturns()[..2]);
            Assert.NotEqual(adaptation.AverageReturns()[2], halved.AverageReturns()[2]);
        }
    }

    [Fact]
    public void A_meta_step_leaves_no_tensor_behind()
    {
        using var run = new MamlRl(Tiny() with { Steps = 10 }, CPU);
        run.MetaStep();
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 4; i++) run.MetaStep();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var tasks = run.TestTasks(2, seed: 1);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var adaptation = run.Adapt(tasks, trajectories: 2, steps: 2, seed: 1)) Assert.Equal(3, adaptation.Sets.Count);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_what_to_do()
    {
        Assert.Contains("at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new Navigation2D(horizon: 0)).Message);
        var env = new Navigation2D();
        using var goal = Rows([0.2, 0.1]);
        Assert.Contains("outside the arena", Assert.Throws<ArgumentException>(() => env.Start(Rows([0.7, 0.0]), 1)).Message);
        Assert.Contains("at least 1 trajectory", Assert.Throws<ArgumentOutOfRangeException>(() => env.Start(goal, 0)).Message);
        var start = env.Start(goal, 2);
        Assert.Contains("NaN or infinite", Assert.Throws<ArgumentException>(() => env.Step(goal, start, full([1, 2, 2], double.NaN, float64))).Message);
        Assert.Contains("unit vectors", Assert.Throws<ArgumentException>(() => new GoalDirection().Start(Rows([2.0, 0.0]), 1)).Message);
        Assert.Contains("at least 1 trajectory", Assert.Throws<ArgumentException>(() => new MamlRl(Tiny() with { Trajectories = 0 }, CPU)).Message);
        Assert.Contains("horizon", Assert.Throws<ArgumentException>(() => new MamlRl(Tiny() with { Horizon = 0 }, CPU)).Message);
        Assert.Contains("Unknown environment", Assert.Throws<ArgumentException>(() => new MamlRl(Tiny() with { Environment = "cheetah" }, CPU)).Message);
        var path = Path.Combine(Path.GetTempPath(), $"not-rl-{Guid.NewGuid():N}.bin");
        try
        {
            TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = zeros(2) }, path);
            Assert.Contains("not a MAML-RL checkpoint", Assert.Throws<InvalidDataException>(() => MamlRl.Load(path)).Message);
        }
        finally { File.Delete(path); }
    }
}
