using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Episodes;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// Learners' state dicts are the caller's to dispose (TorchSharp's own <c>Module.state_dict()</c> hands out the module's
/// parameter objects, so disposing those used to break the learner: MetaTrainer.Save and best-state bookkeeping did).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class StateDictTests
{
    [Fact]
    public void Disposing_a_learners_state_dict_leaves_the_learner_working_and_unchanged()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8));
        var images = randn(4, 1, 28, 28);
        proto.Embedding.eval();
        var before = proto.Embed(images).detach().clone();
        foreach (var t in proto.state_dict().Values) t.Dispose();
        foreach (var t in proto.state_dict().Values) t.Dispose();
        Assert.All(proto.Embedding.parameters(), p => Assert.False(p.IsInvalid));
        Assert.True(TensorAssert.Same(before, proto.Embed(images)));

        var classes = Enumerable.Range(0, 3).Select(i => new EpisodeClass(i, $"A/c{i}", "A")).ToList();
        using var pretrain = new PretrainFinetune(classes, new PretrainOptions(Hidden: 8));
        var state = pretrain.state_dict();
        Assert.Equal(pretrain.Backbone.state_dict().Count + 2, state.Count);
        Assert.Contains("head.weight", state.Keys);
        Assert.Contains("backbone.body.0.weight", state.Keys);
        foreach (var t in state.Values) t.Dispose();
        Assert.Equal(new long[] { 4, 8 }, pretrain.Backbone.forward(images).shape);
    }

    [Fact]
    public void Load_names_missing_unexpected_and_mis_shaped_entries_and_changes_nothing_then()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var net = new Conv4(hidden: 4);
        using var other = new Conv4(hidden: 4);
        var original = StateDict.Of(net).ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var missing = StateDict.Of(other);
        missing.Remove("body.9.running_var");
        Assert.Contains("missing body.9.running_var", Assert.Throws<ArgumentException>(() => StateDict.Load(net, missing, "the test net")).Message);

        var extra = StateDict.Of(other);
        extra["head.weight"] = ones(2, 2);
        Assert.Contains("unexpected head.weight", Assert.Throws<ArgumentException>(() => StateDict.Load(net, extra, "the test net")).Message);

        var shaped = StateDict.Of(other);
        shaped["body.0.weight"] = ones(4, 1, 5, 5);
        var e = Assert.Throws<ArgumentException>(() => StateDict.Load(net, shaped, "the test net"));
        Assert.Contains("body.0.weight has shape [4, 1, 5, 5] but the test net needs [4, 1, 3, 3]", e.Message);

        foreach (var (name, t) in StateDict.Of(net)) Assert.True(TensorAssert.Same(original[name], t), name);
        StateDict.Load(net, StateDict.Of(other), "the test net");
        foreach (var (name, t) in StateDict.Of(net)) Assert.True(TensorAssert.Same(other.state_dict()[name], t), name);
    }
}
