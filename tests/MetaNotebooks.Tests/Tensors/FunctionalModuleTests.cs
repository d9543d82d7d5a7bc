using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// FunctionalModule: <c>forward(x, weights)</c> on the module's own parameters is <c>forward(x)</c>, bit for bit, for
/// Conv4 and Mlp (eval mode; train mode with batch statistics only), runs on other tensors when given them, leaves
/// batch norm's running statistics alone, and refuses a wrong count or shape of weights naming the parameter.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class FunctionalModuleTests
{
    public static TheoryData<string> Modes => new() { "eval", "train-batch-stats" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Conv4_on_its_own_parameters_equals_forward(string mode)
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var net = new Conv4(hidden: 6, classes: 4, trackRunningStats: mode == "eval");
        var x = randn(5, 1, 28, 28);
        if (mode == "eval")
        {
            // Some non-trivial running statistics first.
            net.train();
            for (var i = 0; i < 3; i++) net.forward(randn(8, 1, 28, 28) * 2 + 0.5);
            net.eval();
        }
        else net.train();
        var plain = net.forward(x);
        var functional = net.forward(x, net.ParameterList());
        Assert.Equal(new long[] { 5, 4 }, plain.shape);
        Assert.True(TensorAssert.Same(plain, functional), $"{mode}: max difference {(plain - functional).abs().max().ToDouble()}");
        // Other weights give other outputs: the given tensors are what it reads.
        var scaled = net.ParameterList().Select(p => p * 1.5).ToList();
        Assert.False(TensorAssert.Same(plain, net.forward(x, scaled)));
    }

    [Fact]
    public void Conv4_fast_weights_use_batch_statistics_and_leave_running_statistics_alone()
    {
        using var scope = NewDisposeScope();
        manual_seed(22);
        using var net = new Conv4(hidden: 4);
        net.train();
        var x = randn(6, 1, 28, 28) * 3 + 1;
        var running = net.state_dict()["body.1.running_mean"].clone();
        var functional = net.forward(x, net.ParameterList());
        Assert.True(TensorAssert.Same(running, net.state_dict()["body.1.running_mean"]), "fast weights must not update running statistics");
        var plain = net.forward(x);
        Assert.False(TensorAssert.Same(running, net.state_dict()["body.1.running_mean"]), "forward(x) in train mode updates them");
        Assert.True(TensorAssert.Same(plain, functional));
    }

    [Fact]
    public void Mlp_on_its_own_parameters_equals_forward_and_gradients_reach_the_fast_weights()
    {
        using var scope = NewDisposeScope();
        manual_seed(23);
        using var mlp = new Mlp(784, [32, 16], 5);
        var x = randn(7, 1, 28, 28);
        foreach (var train in new[] { false, true })
        {
            mlp.train(train);
            Assert.True(TensorAssert.Same(mlp.forward(x), mlp.forward(x, mlp.ParameterList())));
        }
        var fast = mlp.ParameterList().Select(p => p.detach().clone().requires_grad_()).ToList();
        var grads = Gradients.Of(mlp.forward(x, fast).pow(2).sum(), fast);
        Assert.Equal(fast.Count, grads.Length);
        Assert.All(grads.Zip(fast), g => Assert.Equal(g.Second.shape, g.First.shape));
        Assert.All(mlp.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void A_wrong_count_or_shape_of_weights_is_an_ArgumentException_naming_the_parameter()
    {
        using var scope = NewDisposeScope();
        using var net = new Conv4(hidden: 4, classes: 3);
        var x = randn(2, 1, 28, 28);
        var weights = net.ParameterList().ToList();

        var tooFew = Assert.Throws<ArgumentException>(() => net.forward(x, weights.Take(17).ToList()));
        Assert.Equal("weights", tooFew.ParamName);
        Assert.Contains("Conv4 has 18 parameters but 17 tensors were given", tooFew.Message);

        var shapes = weights.ToList();
        var at = net.named_parameters().Select(p => p.name).ToList().IndexOf("body.9.weight");
        shapes[at] = ones(5);
        var shape = Assert.Throws<ArgumentException>(() => net.forward(x, shapes));
        Assert.Equal("weights", shape.ParamName);
        Assert.Contains($"Parameter {at} (body.9.weight) has shape [4] but the tensor given for it has shape [5]", shape.Message);

        using var mlp = new Mlp(10, [8], 2);
        var mw = mlp.ParameterList().ToList();
        mw[2] = ones(2, 9);
        var mlpShape = Assert.Throws<ArgumentException>(() => mlp.forward(ones(3, 10), mw));
        Assert.Contains("(layers.1.weight) has shape [2, 8] but the tensor given for it has shape [2, 9]", mlpShape.Message);
        Assert.Contains("4 parameters but 5", Assert.Throws<ArgumentException>(() => mlp.forward(ones(3, 10), [.. mw, ones(1)])).Message);
        Assert.Throws<ArgumentNullException>(() => mlp.forward(ones(3, 10), null!));
    }

    [Fact]
    public void Conv4_block_outputs_are_the_four_blocks_of_the_forward_pass_on_either_weights()
    {
        using var scope = NewDisposeScope();
        manual_seed(22);
        using var net = new Conv4(hidden: 6, classes: 4, trackRunningStats: false);
        using var body = new Conv4(hidden: 6, trackRunningStats: false);
        body.load_state_dict(net.state_dict().Where(kv => kv.Key.StartsWith("body.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value));
        net.train();
        body.train();
        var x = randn(5, 1, 28, 28);
        var blocks = net.BlockOutputs(x);
        Assert.Equal(new[] { 6L * 14 * 14, 6L * 7 * 7, 6L * 3 * 3, 6L }, blocks.Select(b => b.size(1)).ToArray());
        Assert.All(blocks, b => Assert.Equal(5, b.size(0)));
        Assert.True(TensorAssert.Same(body.forward(x), blocks[3]), "the last block is the embedding the head reads");
        var scaled = net.ParameterList().Select(p => p * 1.5).ToList();
        var scaledBlocks = net.BlockOutputs(x, scaled);
        Assert.True(TensorAssert.Same(body.forward(x, scaled.Take(16).ToList()), scaledBlocks[3]), "on fast weights, the blocks read those weights");
        Assert.False(TensorAssert.Same(blocks[0], scaledBlocks[0]));
        // Nothing is collected outside BlockOutputs.
        using var logits = net.forward(x);
        Assert.Equal(4, blocks.Count);
    }
}
