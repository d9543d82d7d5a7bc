using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.LearnedOptimizers;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>
/// The LSTM meta-learner (Ravi &amp; Larochelle 2017): its update by hand, SGD as a special case, what its meta-gradient
/// keeps, its gate trace and its own errors (the contract every method keeps: LearnerContractTests).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class LstmMetaLearnerTests(OmniglotFixture omniglot)
{
    private TaskBatch Batch(int ways = 5, int tasks = 2, long index = 0)
    {
        var split = OmniglotSplits.Vinyals(omniglot.Omniglot.Classes);
        return new EpisodeSampler(split.Train, ways, 1, 2).Batch(omniglot.Omniglot, 5, index, tasks);
    }

    private static LstmMetaLearner Tiny(int steps = 2, long seed = 4)
    {
        torch.manual_seed(seed);
        var learner = new LstmMetaLearner(new LstmMetaLearnerOptions(Hidden: 8, InnerSteps: steps, TestInnerSteps: steps));
        learner.Network.to(float64);
        learner.Cell.to(float64);
        return learner;
    }

    private static void SgdGates(LstmMetaLearner learner, double inputBias)
    {
        using var noGrad = no_grad();
        learner.Cell.InputGate.weight!.zero_();
        learner.Cell.ForgetGate.weight!.zero_();
        learner.Cell.InputGate.bias!.fill_(inputBias);
        learner.Cell.ForgetGate.bias!.fill_(40.0);   // sigmoid(40) is 1 in float64
    }

    private static Tensor Flat(IEnumerable<Tensor> tensors) => cat(tensors.Select(t => t.flatten()).ToArray());

    [Fact]
    public void One_update_equals_the_gate_equations_written_out()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch();
        using var learner = Tiny(steps: 1);
        using (no_grad())   // gates away from their start, so that every input matters
            foreach (var p in learner.Cell.parameters()) p.add_(randn_like(p) * 0.5);
        learner.Network.train();
        var (x, y) = (batch.SupportImages[0].to(float64), batch.SupportLabels[0]);
        var theta = learner.Network.ParameterList().Select(t => t.detach().requires_grad_()).ToArray();
        var loss = F.cross_entropy(learner.Network.forward(x, theta), y);
        var g = Flat(Gradients.Of(loss, theta).Select(t => t!));
        var c0 = Flat(theta.Select(t => t.detach()));
        var n = g.size(0);
        static Tensor Prep(Tensor v) => stack([where(v.abs() >= Math.Exp(-10), v.abs().log() / 10, -1.0), where(v.abs() >= Math.Exp(-10), v.sign(), v * Math.Exp(10))], 1);
        var inputs = cat([Prep(g), Prep(loss.detach().reshape(1)).expand(n, 2), c0.unsqueeze(1), zeros(n, 1, float64)], 1);
        var i = sigmoid(inputs.mm(learner.Cell.InputGate.weight!.t()) + learner.Cell.InputGate.bias!).squeeze(1);
        var f = sigmoid(inputs.mm(learner.Cell.ForgetGate.weight!.t()) + learner.Cell.ForgetGate.bias!).squeeze(1);
        var expected = f * c0 - i * g;
        var actual = Flat(learner.Adapt(x, y, steps: 1, keepGraph: false));
        Assert.True((actual - expected.detach()).abs().max().ToDouble() < 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void With_the_forget_gate_at_1_and_the_input_gate_at_alpha_it_is_SGD_exactly(int steps)
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch();
        using var learner = Tiny(steps);
        SgdGates(learner, 0.0);   // sigmoid(0) = 0.5 exactly
        learner.Network.train();
        var (x, y) = (batch.SupportImages[0].to(float64), batch.SupportLabels[0]);
        var gated = learner.Adapt(x, y, steps, keepGraph: false);
        var sgd = InnerLoop.Adapt(learner.Network.ParameterList(), w => F.cross_entropy(learner.Network.forward(x, w), y), steps, 0.5, createGraph: false);
        Assert.Equal(0.0, (Flat(gated) - Flat(sgd)).abs().max().ToDouble());
    }

    [Fact]
    public void Its_meta_gradient_treats_the_learners_gradients_as_constants_as_first_order_MAML_does()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch(tasks: 1);
        using var learner = Tiny(steps: 2);
        SgdGates(learner, Math.Log(0.1 / 0.9));
        var alpha = 1 / (1 + Math.Exp(-Math.Log(0.1 / 0.9)));
        learner.MetaTrainStep(batch.SupportImages.to(float64), batch.SupportLabels, batch.QueryImages.to(float64), batch.QueryLabels);
        var ours = Flat(learner.Network.parameters().Select(p => p.grad!));
        Assert.True(learner.Cell.InputGate.weight!.grad is not null, "the gates get a meta-gradient too");
        using var maml = new Maml(new MamlOptions(Hidden: 8, InnerSteps: 2, InnerLearningRate: alpha, FirstOrder: true));
        maml.Network.to(float64);
        maml.load_state_dict(StateDict.Of(learner.Network));
        maml.MetaTrainStep(batch.SupportImages.to(float64), batch.SupportLabels, batch.QueryImages.to(float64), batch.QueryLabels);
        var firstOrder = Flat(maml.Network.parameters().Select(p => p.grad!));
        Assert.True((ours - firstOrder).abs().max().ToDouble() < 1e-10);
    }

    [Fact]
    public void The_gate_trace_has_one_entry_per_update_with_a_value_per_parameter_tensor()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch();
        using var a = new LstmMetaLearner(new LstmMetaLearnerOptions(Hidden: 8, TestInnerSteps: 2));
        var trace = a.GateTrace(batch.SupportImages[0], batch.SupportLabels[0], 3);
        Assert.Equal([1, 2, 3], trace.Select(t => t.Step));
        Assert.All(trace, t => Assert.Equal(a.Network.parameters().Count(), t.Input.Count));
    }

    [Fact]
    public void Bad_settings_and_inputs_are_refused_with_what_to_do()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("at least 1 update", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmMetaLearner(new LstmMetaLearnerOptions(InnerSteps: 0))).Message);
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmMetaLearner(new LstmMetaLearnerOptions(InitialInputGate: 1.0))).Message);
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmMetaLearner(new LstmMetaLearnerOptions(InitialForgetGate: double.NaN))).Message);
        Assert.Contains("positive number", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmMetaLearner(new LstmMetaLearnerOptions(PreprocessingScale: 0))).Message);
        using var learner = new LstmMetaLearner(new LstmMetaLearnerOptions(Hidden: 8));
        using var batch = Batch();
        Assert.Contains("at least 1 update", Assert.Throws<ArgumentOutOfRangeException>(() => learner.Adapt(batch.SupportImages[0], batch.SupportLabels[0], 0, false)).Message);
        // MAML's state says what it lacks (the ways of a batch, other methods' states: LearnerContractTests).
        using var maml = new Maml(new MamlOptions(Hidden: 8));
        Assert.Contains("no meta-learner gates", Assert.Throws<ArgumentException>(() => learner.load_state_dict(maml.state_dict())).Message);
    }

    [Fact]
    public void Is_registered_as_lstm_meta_with_a_fixed_head_and_two_parameter_groups()
    {
        Assert.Equal("lstm-meta", Learners.Canonical("LSTM-meta-learner"));
        Assert.True(Learners.HasFixedHead("lstm-meta"));
        var quick = TrainingConfig.For("lstm-meta", ProfileName.Quick);
        using var learner = Learners.Create(quick with { Hidden = 8 }, OmniglotSplits.Vinyals(omniglot.Omniglot.Classes));
        Assert.Equal("LSTM meta-learner", learner.Name);
        Assert.Equal(2, learner.ParameterGroups.Count);
    }
}
