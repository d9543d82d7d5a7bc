using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using Xunit.Abstractions;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>
/// Second-order MAML through the library: the meta-gradient of the query loss after k inner SGD steps of a Conv4 with
/// batch norm on batch statistics (the library's <see cref="Conv4"/>, run on fast weights, in float64), by autograd
/// through the inner gradients (<see cref="Gradients.Of(Tensor, IReadOnlyList{Tensor}, bool, bool?)"/> with createGraph),
/// matches central finite differences to a relative error below 1e-6 along several directions, and the first-order
/// approximation (inner gradients as constants) measurably does not.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class MamlMetaGradientTests(ITestOutputHelper output)
{
    private const int Ways = 3, Shots = 2, ImageSize = 16, Filters = 4, RandomDirections = 6;
    private const double InnerLr = 0.3, Eps = 1e-6;

    private sealed record FewShotTask(Tensor SupportX, Tensor SupportY, Tensor QueryX, Tensor QueryY)
    {
        /// <summary>Per class a random template; images = template + noise; labels 0..Ways-1.</summary>
        public static FewShotTask Sample()
        {
            var templates = randn([Ways, 1, ImageSize, ImageSize], float64);
            var labels = arange(Ways).repeat_interleave(Shots);
            Tensor Images() => templates.index_select(0, labels) + 0.7 * randn([Ways * Shots, 1, ImageSize, ImageSize], float64);
            return new FewShotTask(Images(), labels, Images(), labels);
        }
    }

    /// <summary>The query loss after <paramref name="steps"/> SGD steps on the support loss, starting from theta.</summary>
    private static Tensor QueryLossAfterAdaptation(Conv4 net, FewShotTask task, IReadOnlyList<Tensor> theta, int steps, bool secondOrder)
    {
        var fast = theta;
        for (var step = 0; step < steps; step++)
        {
            var supportLoss = F.cross_entropy(net.forward(task.SupportX, fast), task.SupportY);
            // Second order: the inner gradients stay in the graph. First order (FOMAML): they are constants.
            var grads = Gradients.Of(supportLoss, fast, createGraph: secondOrder);
            fast = fast.Zip(grads, (w, g) => w - InnerLr * g).ToArray();
        }
        return F.cross_entropy(net.forward(task.QueryX, fast), task.QueryY);
    }

    private static Tensor[] Leaves(IEnumerable<Tensor> tensors) => tensors.Select(t => t.detach().clone().requires_grad_()).ToArray();

    private static double Dot(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b) => a.Zip(b, (x, y) => (x * y).sum().ToDouble()).Sum();

    /// <summary>(L(theta + eps v) - L(theta - eps v)) / (2 eps): the directional derivative of the query loss along v.</summary>
    private static double CentralDifference(Conv4 net, FewShotTask task, IReadOnlyList<Tensor> theta, IReadOnlyList<Tensor> v, int steps, double eps)
    {
        double Loss(double sign)
        {
            using var scope = NewDisposeScope();
            var moved = Leaves(theta.Zip(v, (t, d) => t.detach() + sign * eps * d));
            return QueryLossAfterAdaptation(net, task, moved, steps, secondOrder: false).ToDouble(); // the value does not depend on the order
        }
        return (Loss(+1) - Loss(-1)) / (2 * eps);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Meta_gradient_matches_finite_differences_and_differs_from_first_order(int steps)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(steps == 1 ? 11 : 12);
        using var net = new Conv4(inChannels: 1, hidden: Filters, classes: Ways, trackRunningStats: false, embeddingSize: Filters);
        net.to(float64);
        net.train();
        var task = FewShotTask.Sample();
        var names = net.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(18, names.Length);
        var theta = Leaves(net.parameters());
        Assert.All(theta, t => Assert.Equal(ScalarType.Float64, t.dtype));

        var queryLoss = QueryLossAfterAdaptation(net, task, theta, steps, secondOrder: true);
        var metaGradient = Gradients.Of(queryLoss, theta);
        var firstOrder = Gradients.Of(QueryLossAfterAdaptation(net, task, theta, steps, secondOrder: false), theta);
        var norm = Math.Sqrt(Dot(metaGradient, metaGradient));
        output.WriteLine($"k={steps}: query loss {queryLoss.ToDouble():F6}, |meta-gradient| {norm:E3}");
        Assert.True(norm > 1e-2, "the meta-gradient is too small for a meaningful check");

        // Directions: the meta-gradient itself, random unit directions over all parameters at once, and in each weight
        // tensor the element with the largest meta-gradient.
        var directions = new List<(string Name, Tensor[] V)> { ("meta-gradient", metaGradient.Select(g => g / norm).ToArray()) };
        for (var d = 0; d < RandomDirections; d++)
        {
            var v = theta.Select(t => randn_like(t)).ToArray();
            var length = Math.Sqrt(Dot(v, v));
            directions.Add(($"random {d}", v.Select(t => t / length).ToArray()));
        }
        for (var i = 0; i < theta.Length; i++)
        {
            if (IsConvBias(names[i])) continue;
            var flat = metaGradient[i].abs().flatten().argmax().item<long>();
            var e = zeros_like(theta[i]).flatten();
            using (no_grad()) e[flat] = 1.0;
            directions.Add(($"{names[i]}[{flat}]", theta.Select((t, j) => j == i ? e.reshape(t.shape) : zeros_like(t)).ToArray()));
        }

        double worst = 0, worstUnstable = 0, firstOrderAlongMetaGradient = double.PositiveInfinity;
        foreach (var (name, v) in directions)
        {
            var analytical = Dot(metaGradient, v);
            var numerical = CentralDifference(net, task, theta, v, steps, Eps);
            var finer = CentralDifference(net, task, theta, v, steps, Eps / 10);
            // Relative to the directional derivative; for a direction nearly orthogonal to the gradient (a derivative
            // below 1% of |meta-gradient|), relative to that 1%, so that the rounding error of the difference quotient
            // (about 1e-10 absolute) is not divided by a near-zero derivative.
            var scale = Math.Max(Math.Abs(numerical), 0.01 * norm);
            var relative = Math.Abs(analytical - numerical) / scale;
            var unstable = Math.Abs(numerical - finer) / scale;
            var firstOrderRelative = Math.Abs(Dot(firstOrder, v) - numerical) / scale;
            output.WriteLine($"  {name,-22} autograd {analytical,14:E6}  FD {numerical,14:E6}  rel.err {relative:E2}  " +
                             $"FD(eps)/FD(eps/10) {unstable:E2}  first-order rel.err {firstOrderRelative:E2}");
            worst = Math.Max(worst, relative);
            worstUnstable = Math.Max(worstUnstable, unstable);
            if (name == "meta-gradient") firstOrderAlongMetaGradient = firstOrderRelative;
            // No kink of ReLU or max-pool is crossed within eps: the difference quotient does not move with eps.
            Assert.True(unstable < 1e-5, $"{name}: FD(eps) and FD(eps/10) differ by {unstable:E2}: a kink lies within eps.");
            Assert.True(relative < 1e-6, $"k={steps}, {name}: meta-gradient {analytical:E8} vs finite differences {numerical:E8} (rel. error {relative:E2}).");
        }
        Assert.Equal(1 + RandomDirections + 14, directions.Count);

        // Batch norm on batch statistics removes a per-channel constant, so the conv biases have no influence at all.
        for (var i = 0; i < theta.Length; i++)
            if (IsConvBias(names[i])) Assert.True(metaGradient[i].abs().max().ToDouble() < 1e-10, $"{names[i]} should have a zero meta-gradient");

        // First-order MAML drops the second-order terms: its gradient is clearly different and fails the same check.
        var gap = metaGradient.Zip(firstOrder, (a, b) => a - b).ToArray();
        var relativeDifference = Math.Sqrt(Dot(gap, gap)) / norm;
        output.WriteLine($"k={steps}: max rel. error {worst:E2} over {directions.Count} directions, max FD instability {worstUnstable:E2}, " +
                         $"|first-order - meta-gradient| / |meta-gradient| = {relativeDifference:E3}");
        Assert.True(relativeDifference > 0.1, $"first-order and full meta-gradients differ by only {relativeDifference:E2}");
        Assert.True(firstOrderAlongMetaGradient > 0.1, $"the first-order gradient should fail the finite-difference check ({firstOrderAlongMetaGradient:E2})");
    }

    private static bool IsConvBias(string name) => name is "body.0.bias" or "body.4.bias" or "body.8.bias" or "body.12.bias";
}
