using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>
/// MAML, FOMAML, ANIL, Meta-SGD and Reptile on small tasks: what each changes, batched passes against the per-task loop,
/// their own errors (the contract every method keeps: LearnerContractTests).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class GradientLearnerTests(OmniglotFixture omniglot)
{
    private TaskBatch Batch(int ways, int tasks = 2, long index = 0)
    {
        var split = OmniglotSplits.Vinyals(omniglot.Omniglot.Classes);
        var sampler = new EpisodeSampler(split.Train, ways, 1, 2);
        return sampler.Batch(omniglot.Omniglot, 7, index, tasks);
    }

    [Fact]
    public void Variants_are_named_by_what_they_change()
    {
        using var scope = NewDisposeScope();
        foreach (var (options, name) in new[]
                 {
                     (new MamlOptions(Hidden: 8), "MAML"), (new MamlOptions(Hidden: 8, FirstOrder: true), "FOMAML"),
                     (new MamlOptions(Hidden: 8, HeadOnly: true), "ANIL"), (new MamlOptions(Hidden: 8, LearnedStepSizes: true), "Meta-SGD"),
                 })
        {
            using var learner = new Maml(options);
            Assert.Equal(name, learner.Name);
        }
    }

    [Fact]
    public void The_tasks_per_pass_follow_the_device_unless_set()
    {
        using var scope = NewDisposeScope();
        using var onCpu = new Maml(new MamlOptions(Hidden: 8), CPU);
        Assert.Equal(1, onCpu.TasksPerPass(32));   // the per-task loop: faster and leaner on the CPU
        using var set = new Maml(new MamlOptions(Hidden: 8, TasksPerPass: 4), CPU);
        Assert.Equal(4, set.TasksPerPass(32));
        using var lazy = new Maml(new MamlOptions(Hidden: 8), LazyDevice.Device);
        Assert.Equal(1, lazy.TasksPerPass(32));    // only CUDA batches the whole meta-batch
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Batched_passes_give_the_per_task_loops_loss_gradients_and_predictions(bool firstOrder, bool headOnly, bool learnedStepSizes)
    {
        // Tasks adapted together (grouped convolution, per-task batch statistics) must be the same computation as one task
        // at a time: the same meta-loss, the same meta-gradient (second order included), the same test-time logits.
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch(5, tasks: 3);
        var results = new List<(double Loss, Tensor[] Grads, Tensor Logits)>();
        foreach (var pass in new[] { 1, 2, 3 })
        {
            torch.manual_seed(6);
            using var learner = new Maml(new MamlOptions(Hidden: 8, InnerSteps: 2, TestInnerSteps: 2, FirstOrder: firstOrder, HeadOnly: headOnly,
                LearnedStepSizes: learnedStepSizes, TasksPerPass: pass));
            learner.Network.to(float64);
            var parameters = learner.Network.parameters().ToArray(); // after .to(float64): the network's new parameters
            foreach (var p in parameters) p.grad = null;
            var step = learner.MetaTrainStep(batch.SupportImages.to(float64), batch.SupportLabels, batch.QueryImages.to(float64), batch.QueryLabels);
            results.Add((step.Loss, parameters.Take(18).Select(p => p.grad!.clone()).ToArray(), PredictFloat(pass, firstOrder, headOnly, learnedStepSizes, batch)));
        }
        var (referenceLoss, referenceGrads) = PerTaskLoop(batch, firstOrder, headOnly, learnedStepSizes);
        Assert.True(Math.Abs(referenceLoss - results[0].Loss) < 1e-12, $"per-task loop {referenceLoss} vs pass 1 {results[0].Loss}");
        for (var i = 0; i < 18; i++)
            Assert.True((referenceGrads[i] - results[0].Grads[i]).abs().max().ToDouble() < 1e-10 * Math.Max(1, referenceGrads[i].abs().max().ToDouble()),
                $"gradient {i}: per-task loop vs pass 1");
        for (var r = 1; r < results.Count; r++)
        {
            Assert.True(Math.Abs(results[r].Loss - results[0].Loss) < 1e-12, $"pass {r + 1}: loss {results[r].Loss} vs {results[0].Loss}");
            for (var i = 0; i < 18; i++)
                Assert.True((results[r].Grads[i] - results[0].Grads[i]).abs().max().ToDouble() < 1e-10 * Math.Max(1, results[0].Grads[i].abs().max().ToDouble()),
                    $"pass {r + 1}: gradient {i} differs");
            Assert.True((results[r].Logits - results[0].Logits).abs().max().ToDouble() < 1e-4, $"pass {r + 1}: logits differ");
        }
    }

    // Test-time logits (float32, as evaluation runs) of a fresh learner with the given pass size.
    private static Tensor PredictFloat(int pass, bool firstOrder, bool headOnly, bool learnedStepSizes, TaskBatch batch)
    {
        torch.manual_seed(6);
        using var learner = new Maml(new MamlOptions(Hidden: 8, TestInnerSteps: 2, FirstOrder: firstOrder, HeadOnly: headOnly,
            LearnedStepSizes: learnedStepSizes, TasksPerPass: pass));
        var logits = learner.Predict(batch).DetachFromDisposeScope();
        if (pass == 1)
        {
            learner.Network.train();
            for (var t = 0; t < batch.Tasks; t++)
            {
                var fast = learner.Adapt(batch.SupportImages[t], batch.SupportLabels[t], 2, createGraph: false);
                using var noGrad = no_grad();
                Assert.True((learner.Network.forward(batch.QueryImages[t], fast) - logits[t]).abs().max().ToDouble() < 1e-4, $"task {t}: Predict vs Adapt + forward");
            }
        }
        return logits;
    }

    // The per-task loop written out with Adapt and forward(x, weights), one backward per task: the reference the batched
    // passes must equal.
    private static (double Loss, Tensor[] Grads) PerTaskLoop(TaskBatch batch, bool firstOrder, bool headOnly, bool learnedStepSizes)
    {
        torch.manual_seed(6);
        using var learner = new Maml(new MamlOptions(Hidden: 8, InnerSteps: 2, FirstOrder: firstOrder, HeadOnly: headOnly, LearnedStepSizes: learnedStepSizes));
        learner.Network.to(float64);
        learner.Network.train();
        var loss = 0.0;
        for (var t = 0; t < batch.Tasks; t++)
        {
            var fast = learner.Adapt(batch.SupportImages[t].to(float64), batch.SupportLabels[t], 2, createGraph: !firstOrder);
            var taskLoss = F.cross_entropy(learner.Network.forward(batch.QueryImages[t].to(float64), fast), batch.QueryLabels[t]);
            (taskLoss / batch.Tasks).backward();
            loss += taskLoss.ToDouble() / batch.Tasks;
        }
        return (loss, learner.Network.parameters().Select(p => p.grad!.clone()).ToArray());
    }

    [Fact]
    public void Anil_adapts_only_the_head_and_meta_sgd_trains_its_step_sizes()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch(5, tasks: 1);
        torch.manual_seed(4);
        using var anil = new Maml(new MamlOptions(Hidden: 8, HeadOnly: true));
        var theta = anil.Network.ParameterList();
        var fast = anil.Adapt(batch.SupportImages[0], batch.SupportLabels[0], 2, createGraph: false);
        var names = anil.Network.named_parameters().Select(p => p.name).ToArray();
        for (var i = 0; i < theta.Count; i++)
            Assert.True(!names[i].StartsWith("head.", StringComparison.Ordinal) == TensorAssert.Same(fast[i], theta[i]), $"{names[i]}: adapted {!TensorAssert.Same(fast[i], theta[i])}");

        torch.manual_seed(4);
        using var metaSgd = new Maml(new MamlOptions(Hidden: 8, LearnedStepSizes: true));
        Assert.Equal(metaSgd.Network.parameters().Count(), metaSgd.StepSizes.Count);
        foreach (var p in metaSgd.ParameterGroups[0].Parameters) p.grad = null;
        metaSgd.MetaTrainStep(batch);
        Assert.All(metaSgd.StepSizes, a => Assert.True(((TorchSharp.Modules.Parameter)a).grad is { } g && g.abs().sum().ToDouble() > 0));
    }

    [Fact]
    public void Reptile_direction_is_the_task_gradient_for_one_sgd_step_and_not_for_two()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch(5, tasks: 1);
        torch.manual_seed(5);
        const double lr = 0.05;
        using var reptile = new Reptile(new ReptileOptions(Hidden: 8, InnerLearningRate: lr, SgdInnerLoop: true));
        var images = batch.SupportImages[0];
        var labels = batch.SupportLabels[0];
        reptile.Network.train();
        var theta = reptile.Network.ParameterList();
        var gradient = Gradients.Of(F.cross_entropy(reptile.Network.forward(images, theta), labels), theta);
        var one = reptile.Adapt(images, labels, 1);
        var two = reptile.Adapt(images, labels, 2);
        double worstOne = 0, worstTwo = 0;
        for (var i = 0; i < theta.Count; i++)
        {
            worstOne = Math.Max(worstOne, ((theta[i] - one[i]) - lr * gradient[i]).abs().max().ToDouble());
            worstTwo = Math.Max(worstTwo, ((theta[i] - two[i]) - 2 * lr * gradient[i]).abs().max().ToDouble());
        }
        Assert.True(worstOne < 1e-6, $"k = 1: theta - theta' differs from alpha * g by {worstOne}");
        Assert.True(worstTwo > 1e-4, $"k = 2: theta - theta' equals 2 alpha g (difference {worstTwo})");
    }

    [Fact]
    public void Reptile_leaves_theta_minus_the_mean_adapted_weights_in_grad_and_its_weights_alone()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var batch = Batch(5, tasks: 2);
        torch.manual_seed(6);
        using var reptile = new Reptile(new ReptileOptions(Hidden: 8, InnerSteps: 2, SgdInnerLoop: true, InnerLearningRate: 0.1));
        Assert.Equal(MetaOptimizer.Sgd, ((IFewShotLearner)reptile).MetaOptimizer);
        var before = reptile.Network.ParameterList().Select(t => t.detach().clone()).ToArray();
        reptile.Network.train();
        var adapted = Enumerable.Range(0, 2).Select(t => reptile.Adapt(
            cat([batch.SupportImages[t], batch.QueryImages[t]]), cat([batch.SupportLabels[t], batch.QueryLabels[t]]), 2)).ToArray();
        reptile.MetaTrainStep(batch);
        var after = reptile.Network.ParameterList();
        for (var i = 0; i < before.Length; i++)
        {
            Assert.True(after[i].detach().allclose(before[i], 0, 0), $"parameter {i} moved: the trainer's optimizer makes the update");
            var expected = ((before[i] - adapted[0][i]) + (before[i] - adapted[1][i])) / 2;
            var grad = ((TorchSharp.Modules.Parameter)after[i]).grad;
            Assert.NotNull(grad);
            Assert.True(grad!.allclose(expected, 1e-5, 1e-6), $"parameter {i}'s grad is not theta - mean(theta')");
        }
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        using var maml = new Maml(new MamlOptions(Hidden: 8));
        // MAML's state into Meta-SGD says what is missing: the step sizes (the ways of a batch, other methods' states: LearnerContractTests).
        using var metaSgd = new Maml(new MamlOptions(Hidden: 8, LearnedStepSizes: true));
        Assert.Contains("step-size", Assert.Throws<ArgumentException>(() => metaSgd.load_state_dict(maml.state_dict())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reptile(new ReptileOptions(InnerSteps: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reptile(new ReptileOptions(InnerLearningRate: double.NaN)));
    }

    [Fact]
    public void Sinusoid_maml_adapts_better_than_the_pretrained_baseline_after_a_short_run()
    {
        using var single = new SingleThread();
        using var scope = NewDisposeScope();
        var tasks = new SinusoidTasks();
        torch.manual_seed(0);
        using var maml = new SinusoidRegressor();
        torch.manual_seed(0);
        using var pretrained = new SinusoidRegressor();
        for (var s = 0; s < 300; s++)
        {
            using var b = tasks.Batch(1, s, 10, 10, 10);
            maml.MetaTrainStep(b);
            pretrained.PretrainStep(b);
        }
        using var test = tasks.Batch(99, 0, 20, 10, 50);
        var ours = maml.QueryLoss(test, [0, 10]);
        var theirs = pretrained.QueryLoss(test, [0, 10]);
        Assert.True(ours[1] < ours[0], $"MAML does not improve with adaptation: {ours[0]} -> {ours[1]}");
        Assert.True(ours[1] < theirs[1], $"after 10 steps MAML {ours[1]:0.000} vs pretrained {theirs[1]:0.000}");
    }
}
