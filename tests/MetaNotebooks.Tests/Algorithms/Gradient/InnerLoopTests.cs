using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>The inner loop shared by the gradient-based methods: its steps, its two orders, its meta-gradient and its errors.</summary>
[Collection(NativeCollection.Name)]
public sealed class InnerLoopTests
{
    private static (Mlp Net, Tensor X, Tensor Y, Tensor Xq, Tensor Yq) Task()
    {
        torch.manual_seed(11);
        var net = new Mlp(1, [8], 1);
        net.to(float64);
        var x = torch.linspace(-2, 2, 10, dtype: float64).unsqueeze(1);
        var xq = torch.linspace(-1.5, 1.7, 7, dtype: float64).unsqueeze(1);
        return (net, x, x.sin(), xq, xq.sin());
    }

    private static Tensor Mse(Mlp net, IReadOnlyList<Tensor> w, Tensor x, Tensor y) => F.mse_loss(net.forward(x, w), y);

    [Fact]
    public void One_step_is_theta_minus_alpha_times_the_support_gradient()
    {
        using var scope = NewDisposeScope();
        var (net, x, y, _, _) = Task();
        using (net)
        {
            var theta = net.ParameterList();
            var fast = InnerLoop.Adapt(theta, w => Mse(net, w, x, y), 1, 0.1, createGraph: false);
            var g = Gradients.Of(Mse(net, theta, x, y), theta);
            for (var i = 0; i < theta.Count; i++)
                Assert.True(fast[i].allclose(theta[i] - 0.1 * g[i], 1e-12, 1e-12), $"parameter {i}");
            Assert.Same(theta[0], InnerLoop.Adapt(theta, w => Mse(net, w, x, y), 0, 0.1, createGraph: false)[0]);
        }
    }

    [Fact]
    public void Second_order_meta_gradient_equals_finite_differences_and_first_order_differs()
    {
        using var scope = NewDisposeScope();
        var (net, x, y, xq, yq) = Task();
        using (net)
        {
            var theta = net.ParameterList();
            double MetaLoss(IReadOnlyList<Tensor> start, bool createGraph)
            {
                using var s = NewDisposeScope();
                var fast = InnerLoop.Adapt(start, w => Mse(net, w, x, y), 3, 0.05, createGraph);
                return Mse(net, fast, xq, yq).ToDouble();
            }
            Tensor[] MetaGradient(bool createGraph)
            {
                var fast = InnerLoop.Adapt(theta, w => Mse(net, w, x, y), 3, 0.05, createGraph);
                return Gradients.Of(Mse(net, fast, xq, yq), theta);
            }
            var second = MetaGradient(createGraph: true);
            var first = MetaGradient(createGraph: false);
            torch.manual_seed(5);
            double worst = 0;
            for (var d = 0; d < 4; d++)
            {
                var direction = theta.Select(t => torch.randn_like(t)).ToArray();
                const double h = 1e-6;
                using var noGrad = no_grad();
                var plus = theta.Select((t, i) => t + h * direction[i]).ToArray();
                var minus = theta.Select((t, i) => t - h * direction[i]).ToArray();
                var numeric = (MetaLoss(plus, false) - MetaLoss(minus, false)) / (2 * h);
                var analytic = second.Select((g, i) => (g * direction[i]).sum().ToDouble()).Sum();
                var firstOrder = first.Select((g, i) => (g * direction[i]).sum().ToDouble()).Sum();
                worst = Math.Max(worst, Math.Abs(analytic - numeric) / Math.Max(Math.Abs(numeric), 1e-12));
                Assert.True(Math.Abs(firstOrder - numeric) > 1e-4 * Math.Abs(numeric), $"first order equals the true meta-gradient in direction {d}");
            }
            Assert.True(worst < 1e-6, $"relative error {worst:E2}");
        }
    }

    [Fact]
    public void Bad_arguments_are_clear_errors()
    {
        using var scope = NewDisposeScope();
        var (net, x, y, _, _) = Task();
        using (net)
        {
            var theta = net.ParameterList();
            var steps = Assert.Throws<ArgumentOutOfRangeException>(() => InnerLoop.Adapt(theta, w => Mse(net, w, x, y), -1, 0.1, false));
            Assert.Contains("0 or more steps", steps.Message);
            var rate = Assert.Throws<ArgumentOutOfRangeException>(() => InnerLoop.Adapt(theta, w => Mse(net, w, x, y), 1, double.NaN, false));
            Assert.Contains("finite", rate.Message);
            var alphas = Assert.Throws<ArgumentException>(() => InnerLoop.Adapt(theta, w => Mse(net, w, x, y), 1, 0.1, false, alphas: [theta[0]]));
            Assert.Contains("one per parameter", alphas.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new Maml(new MamlOptions(InnerLearningRate: double.PositiveInfinity)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Maml(new MamlOptions(TestInnerSteps: -1)));
        }
    }
}
