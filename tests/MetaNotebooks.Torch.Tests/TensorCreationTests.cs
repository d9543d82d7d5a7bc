using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>Creation functions honour their options (dtype, requires_grad) and the results take part in autograd.</summary>
[Collection(NativeCollection.Name)]
public sealed class TensorCreationTests
{
    public static TheoryData<string> Factories => new(Make.Keys);

    private static readonly Dictionary<string, Func<Tensor>> Make = new()
    {
        ["zeros"] = () => zeros(new long[] { 2, 3 }, requires_grad: true),
        ["ones"] = () => ones(new long[] { 2, 3 }, requires_grad: true),
        ["empty"] = () => empty(new long[] { 2, 3 }, requires_grad: true),
        ["full"] = () => full(new long[] { 2, 3 }, 0.5, requires_grad: true),
        ["arange"] = () => arange(0.0, 6.0, requires_grad: true),
        ["linspace"] = () => linspace(0, 1, 6, requires_grad: true),
        ["eye"] = () => eye(3, requires_grad: true),
        ["rand"] = () => rand(new long[] { 2, 3 }, requires_grad: true),
        ["randn"] = () => randn(new long[] { 2, 3 }, float64, requires_grad: true),
        ["zeros_like"] = () => zeros_like(ones(4), requires_grad: true),
        ["ones_like"] = () => ones_like(ones(4), requires_grad: true),
        ["tensor"] = () => tensor(new float[] { 1, 2 }, requires_grad: true),
        ["tensor with dtype"] = () => tensor(new float[] { 1, 2 }, dtype: float64, requires_grad: true),
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void A_factory_asked_for_requires_grad_makes_a_leaf_that_gets_a_gradient(string name)
    {
        using var scope = NewDisposeScope();
        var x = Make[name]();
        Assert.True(x.requires_grad, $"{name}(requires_grad: true) made a tensor that does not require grad");
        Assert.True(x.is_leaf);
        (x * 3).sum().backward();
        var g = x.grad;
        Assert.NotNull(g);
        Assert.All(g!.to(float64).data<double>(), v => Assert.Equal(3.0, v));
    }

    [Fact]
    public void Factories_do_not_require_grad_unless_asked()
    {
        using var scope = NewDisposeScope();
        Assert.False(zeros(2).requires_grad);
        Assert.False(randn(2).requires_grad);
        Assert.False(tensor(new float[] { 1 }).requires_grad);
    }

    [Fact]
    public void An_integer_tensor_cannot_require_grad()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => full(new long[] { 2 }, 3L, requires_grad: true));
        Assert.Contains("Only Tensors of floating point", e.Message, StringComparison.Ordinal);
    }
}
