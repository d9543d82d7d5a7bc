using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class MlpTests
{
    [Fact]
    public void Linear_relu_stack_with_documented_shapes_and_parameter_order()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        using var mlp = new Mlp(1, [40, 40], 1);
        Assert.Equal([1, 40, 40, 1], mlp.Sizes);
        Assert.Equal("Mlp(1 -> 40 -> 40 -> 1)", mlp.ToString());
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias"],
            mlp.named_parameters().Select(p => p.name));
        var x = torch.randn(7, 1);
        var y = mlp.forward(x);
        Assert.Equal(new long[] { 7, 1 }, y.shape);
        // Hand-computed: linear, relu, linear, relu, linear.
        var p = mlp.parameters().ToArray();
        var h = torch.nn.functional.linear(x, p[0], p[1]).relu();
        h = torch.nn.functional.linear(h, p[2], p[3]).relu();
        var expected = torch.nn.functional.linear(h, p[4], p[5]);
        Assert.True(y.allclose(expected, 1e-6, 1e-6));
    }

    [Fact]
    public void Functional_forward_uses_the_given_tensors_and_flattens_images()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        using var mlp = new Mlp(784, [16], 5);
        var images = torch.randn(3, 1, 28, 28);
        Assert.Equal(new long[] { 3, 5 }, mlp.forward(images).shape);
        // Zero weights and biases: the output is zero whatever the input (the module's own parameters are not used).
        var zeros = mlp.parameters().Select(q => torch.zeros_like(q)).ToList();
        Assert.Equal(0.0, mlp.forward(images, zeros).abs().sum().ToDouble());
        Assert.NotEqual(0.0, mlp.forward(images).abs().sum().ToDouble());
        // Gradients flow to the fast weights (what MAML needs).
        var fast = mlp.parameters().Select(q => q.detach().clone().requires_grad_()).ToList();
        var grads = Gradients.Of(mlp.forward(images, fast).sum(), fast);
        Assert.All(grads, g => Assert.NotNull(g));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp(0, [4], 1));
    }
}
