using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// Gradients.Of, the library's only caller of autograd.grad: PyTorch's defaults (retain_graph = create_graph, so a
/// second gradient through the same graph works after createGraph), null for unused inputs with allowUnused, and
/// ArgumentExceptions, not a dead process, for the mistakes TorchSharp's native grad would abort on.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class GradientsTests
{
    [Fact]
    public void With_createGraph_the_graph_is_kept_for_second_order_and_repeated_gradients()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, -2, 3 }).requires_grad_();
        var y = x.pow(3).sum();
        var first = Gradients.Of(y, [x], createGraph: true);
        Assert.True(first[0].requires_grad, "createGraph: the gradient is itself differentiable");
        Assert.Equal(new double[] { 3, 12, 27 }, first[0].data<double>().ToArray());
        // retain_graph defaulted to create_graph: the same graph serves a second, and a third, gradient.
        var again = Gradients.Of(y, [x]);
        Assert.Equal(new double[] { 3, 12, 27 }, again[0].data<double>().ToArray());
        Assert.False(again[0].requires_grad);
        var second = Gradients.Of(first[0].sum(), [x]);
        Assert.Equal(new double[] { 6, -12, 18 }, second[0].data<double>().ToArray());
        // Gradients.Of leaves .grad alone (it is not backward).
        Assert.True(x.grad is null || x.grad.IsInvalid);
    }

    [Fact]
    public void An_explicit_retainGraph_keeps_a_first_order_graph()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 2, 3 }).requires_grad_();
        var loss = (w * w).sum();
        var a = Gradients.Of(loss, [w], retainGraph: true);
        var b = Gradients.Of(loss, [w]);
        Assert.True(TensorAssert.Same(a[0], b[0]));
        Assert.Equal(new float[] { 4, 6 }, b[0].data<float>().ToArray());
    }

    [Fact]
    public void Unused_inputs_are_null_with_allowUnused_and_a_named_ArgumentException_without()
    {
        using var scope = NewDisposeScope();
        var used = ones(3).requires_grad_();
        var unused = ones(2, 2).requires_grad_();
        var loss = (used * 5).sum();
        var grads = Gradients.Of([loss], [used, unused], allowUnused: true, retainGraph: true);
        Assert.Equal(2, grads.Length);
        Assert.Equal(new float[] { 5, 5, 5 }, grads[0]!.data<float>().ToArray());
        Assert.Null(grads[1]);
        var e = Assert.Throws<ArgumentException>(() => Gradients.Of(loss, [used, unused]));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("Input 1 (shape [2, 2]) not used to compute the outputs", e.Message);
        Assert.Contains("allowUnused: true", e.Message);
    }

    [Fact]
    public void Non_scalar_outputs_take_grad_outputs_of_their_shape()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3 }).requires_grad_();
        var y = x * x;
        var vjp = Gradients.Of([y], [x], [tensor(new float[] { 1, 0, 2 })]);
        Assert.Equal(new float[] { 2, 0, 12 }, vjp[0]!.data<float>().ToArray());
    }

    [Fact]
    public void Mistakes_are_ArgumentExceptions_that_say_what_was_wrong()
    {
        using var scope = NewDisposeScope();
        var plain = randn(3);
        var notGrad = Assert.Throws<ArgumentException>(() => Gradients.Of((plain * 2).sum(), [plain]));
        Assert.Equal("inputs", notGrad.ParamName);
        Assert.Contains("Input 0 (shape [3], Float32) does not require grad", notGrad.Message);
        Assert.Contains("requires_grad_()", notGrad.Message);

        var w = randn(3).requires_grad_();
        Tensor detached;
        using (no_grad()) detached = (w * 2).sum();
        var noGraph = Assert.Throws<ArgumentException>(() => Gradients.Of(detached, [w]));
        Assert.Equal("outputs", noGraph.ParamName);
        Assert.Contains("does not depend on any tensor that requires grad", noGraph.Message);
        Assert.Contains("no_grad", noGraph.Message);

        var vector = Assert.Throws<ArgumentException>(() => Gradients.Of(w * 2, [w]));
        Assert.Contains("Output 0 has shape [3]: a gradient needs a scalar output", vector.Message);
        Assert.Contains("grad_outputs 0 has shape [2] but output 0 has shape [3]",
            Assert.Throws<ArgumentException>(() => Gradients.Of([w * 2], [w], [ones(2)])).Message);
        Assert.Contains("needs at least one output", Assert.Throws<ArgumentException>(() => Gradients.Of([], [w])).Message);
        Assert.Throws<ArgumentNullException>(() => Gradients.Of((Tensor[])null!, [w]));
        // A second gradient through a graph the first call freed (libtorch would end the process) is refused.
        var loss = (w * w).sum();
        Gradients.Of(loss, [w]);
        var freed = Assert.Throws<ArgumentException>(() => Gradients.Of(loss, [w]));
        Assert.Contains("was already differentiated by Gradients.Of without retainGraph, which freed its graph", freed.Message);
        // The process is still fine: a correct call works.
        Assert.Equal(new float[] { 2, 2, 2 }, Gradients.Of((w * 2).sum(), [w])[0].data<float>().ToArray());
    }
}
