using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Algorithms.Model;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Tensors;
using Xunit.Abstractions;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Tests;

/// <summary>
/// MANN, Meta Networks and the hypernetwork learner: what each computes, that MANN learns, their errors and their
/// registration (the contract every method keeps: LearnerContractTests).
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class ModelLearnerTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    private static readonly MannOptions TinyMann = new(Ways: 3, Hidden: 8, ControllerSize: 32, Slots: 16, SlotWidth: 8, Reads: 1);

    private TaskBatch Batch(int ways, int shots, int queries, int tasks = 2, long index = 0)
    {
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        return new EpisodeSampler(split.Train, ways, shots, queries).Batch(fixture.Omniglot, 11, index, tasks);
    }

    // The toy task: 6 fixed random 28x28 patterns; each sequence draws 3 of them as its classes, labels in a fresh
    // random order, 4 noisy presentations of each in random order (12 steps). Only a learner that binds each label to
    // its pattern within the sequence can beat chance after the first presentation.
    private static SequenceBatch ToySequences(Tensor patterns, Generator generator, int count)
    {
        var images = new List<Tensor>();
        var labels = new List<long>();
        for (var b = 0; b < count; b++)
        {
            var classes = randperm(patterns.size(0), generator: generator).narrow(0, 0, 3);
            var order = randperm(12, generator: generator).remainder(3);   // each label 4 times, shuffled
            var picked = patterns.index_select(0, classes.index_select(0, order));
            images.Add(picked + 0.3f * randn(picked.shape, generator: generator));
            labels.AddRange(order.data<long>().ToArray());
        }
        return SequenceBatch.Of(stack(images), tensor(labels.ToArray(), [count, 12]), 3);
    }

    [Fact]
    public void Mann_prototype_loss_is_protonets_loss_with_each_class_first_instances_as_support()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        // One 3-way sequence of 8 steps, 2 shots: the steps past each class's 2nd instance are the queries.
        var labels = tensor(new long[] { 2, 0, 0, 1, 2, 1, 0, 2 }, [1, 8]);
        using var sequence = SequenceBatch.Of(zeros([1L, 8, 1, 28, 28]), labels, 3);
        var z = randn([1L, 8, 4], generator: generator);
        var support = new long[] { 1, 2, 3, 5, 0, 4 };   // class 0's first two steps, then class 1's, then class 2's (label-major)
        var queries = new long[] { 6, 7 };                // instance 3 of class 0 and of class 2
        var prototypes = PrototypicalNetworks.Prototypes(z[0].index_select(0, tensor(support)), 3, 2);
        var distances = (z[0].index_select(0, tensor(queries)).unsqueeze(1) - prototypes.unsqueeze(0)).pow(2L).sum(2);
        var expected = PrototypicalNetworks.Loss(PrototypicalNetworks.LogProbabilities(distances), tensor(new long[] { 0, 2 }));
        var loss = MemoryAugmentedNetwork.PrototypeLoss(z, sequence.Labels, sequence.Instances, 3, 2);
        Assert.Equal(expected.ToDouble(), loss.ToDouble(), 5);
    }

    [Fact]
    public void Mann_learns_a_three_class_toy_sequence_task_with_labels_one_step_late()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var generator = new Generator(7);
        var patterns = (rand(6, 1, 28, 28, generator: generator) > 0.7f).to(ScalarType.Float32);
        using var mann = new MemoryAugmentedNetwork(TinyMann);
        using var optimizer = optim.Adam(mann.ParameterGroups[0].Parameters, 3e-3);
        using var test = ToySequences(patterns, generator, 64);
        double Later(SequenceBatch s)
        {
            using var evaluation = mann.Embedding.EvaluationMode();
            using var noGrad = no_grad();
            var (accuracy, _) = InstanceAccuracy.Of(mann.SequenceLogits(s), s.Labels, s.Instances, 4);
            return accuracy.Skip(1).Average();
        }
        var before = Later(test);
        for (var step = 0; step < 300; step++)
        {
            using var stepScope = NewDisposeScope();
            using var batch = ToySequences(patterns, generator, 16);
            optimizer.zero_grad();
            mann.Embedding.train();
            var (loss, _) = mann.SequenceLoss(batch);
            loss.backward();
            optimizer.step();
        }
        var after = Later(test);
        output.WriteLine($"2nd-4th instance accuracy: {100 * before:0.0}% before training, {100 * after:0.0}% after");
        // Measured on this configuration: 34.4% -> 48.6% (with separate write vectors; Hidden 16, lr 1e-2 or Gaussian patterns
        // also stay near 50% through 400 steps, while the same memory on raw 16-d vectors reaches 84% in 600). Above chance (33%) only by binding labels to patterns within
        // each sequence; far from solved in 300 steps (MANN's long plateau), which the notebook discusses.
        // Over initialisation seeds 0-4 (one thread, 2026-12-04) it ends at 47.2-50.0%: the floor, 42%, is 5 points under the lowest.
        Assert.True(after > 0.42 && after > before + 0.05, $"after 300 steps the 2nd-4th presentations should beat chance (33%) clearly, got {100 * after:0.0}% (from {100 * before:0.0}%)");
    }

    [Fact]
    public void Mann_sees_each_label_one_step_late_reads_a_task_as_one_sequence_and_is_scored_by_instance()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var mann = new MemoryAugmentedNetwork(TinyMann with { Ways = 5 });
        var labels = tensor(new long[] { 2, 0, 4, 2 }, [1, 4]);
        var offset = mann.OffsetLabels(labels);
        TensorAssert.Same(zeros(5), offset[0, 0]);
        Assert.Equal(new[] { 2L, 0, 4 }, offset[0].narrow(0, 1, 3).argmax(1).data<long>().ToArray());
        using var batch = Batch(5, 1, 2);
        // The sequence of a task: all its images, in the order its key fixes; instances count presentations.
        using var sequence = SequenceBatch.FromTaskBatch(batch);
        Assert.Equal(new long[] { 2, 15 }, sequence.Labels.shape);
        Assert.Equal(SequenceOrder.Of(batch.Episodes[0].Key, 15), SequenceOrder.Of(batch.Episodes[0].Key, 15));
        Assert.Equal(3L, sequence.Instances.max().ToInt64());
        var sampler = new SequenceSampler(OmniglotSplits.Vinyals(fixture.Omniglot.Classes).Test, 5, 10);
        using var a = sampler.Batch(fixture.Omniglot, 0, 0, 2);
        using var b = sampler.Batch(fixture.Omniglot, 0, 0, 2);
        Assert.True(TensorAssert.Same(a.Images, b.Images) && TensorAssert.Same(a.Labels, b.Labels), "the same key gives the same sequence");
        Assert.Equal(Enumerable.Repeat(10L, 5), Enumerable.Range(0, 5).Select(k => a.Labels[0].eq(k).sum().ToInt64()));

        // Accuracy by instance over several batches is the steps-weighted mean of each batch's, with every step counted.
        var (byInstance, steps) = InstanceAccuracy.Evaluate(mann, fixture.Omniglot, sampler, sequences: 4, perBatch: 2);
        Assert.Equal(Enumerable.Repeat(20L, 10), steps);   // 4 sequences x 5 classes at each instance
        var expected = new double[10];
        for (var i = 0; i < 2; i++)
        {
            using var part = sampler.Batch(fixture.Omniglot, 0, i, 2);
            using var evaluation = mann.Embedding.EvaluationMode();
            using var noGrad = no_grad();
            var (accuracy, count) = InstanceAccuracy.Of(mann.SequenceLogits(part), part.Labels, part.Instances, 10);
            for (var k = 0; k < 10; k++) expected[k] += accuracy[k] * count[k] / 20.0;
        }
        for (var k = 0; k < 10; k++) Assert.Equal(expected[k], byInstance[k], 12);
        var error = Assert.Throws<ArgumentException>(() => InstanceAccuracy.Evaluate(mann, fixture.Omniglot, sampler, sequences: 3, perBatch: 2));
        Assert.Contains("multiple of perBatch", error.Message);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    public void The_hypernetwork_generates_a_head_of_the_shape_the_classifier_needs(int ways)
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var hyper = new HyperNetworks(new HyperNetOptions(Hidden: 8, HyperHidden: 16));
        using var batch = Batch(ways, 2, 1, tasks: 1);
        hyper.Encoder.eval();
        var z = hyper.Embed(batch.SupportImages[0]);
        var summaries = HyperNetworks.ClassSummaries(z, ways, 2);
        var (w, bias) = hyper.GenerateHead(summaries);
        Assert.Equal(new long[] { ways, 8 }, w.shape);
        Assert.Equal(new long[] { ways }, bias.shape);
        // Row k of the head is h(c_k): the generator is applied to each class on its own.
        var row = hyper.Hypernetwork.forward(summaries.narrow(0, 1, 1));
        Assert.True((row.narrow(1, 0, 8) - w.narrow(0, 1, 1)).abs().max().ToDouble() < 1e-6);
        var zq = hyper.Embed(batch.QueryImages[0]);
        Assert.True((HyperNetworks.Logits(zq, w, bias) - (zq.mm(w.t()) + bias)).abs().max().ToDouble() < 1e-5);
        Assert.Equal(new long[] { 1, ways, ways }, hyper.Predict(batch).shape);
        // ProtoNet's prototypes are a generated head too: w_k = 2 c_k, b_k = -|c_k|^2 gives its log-probabilities.
        var protoLogits = HyperNetworks.Logits(zq, 2 * summaries, -summaries.pow(2).sum(1));
        var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8));
        var expected = PrototypicalNetworks.LogProbabilities(proto.Distances(zq, summaries));
        Assert.True((F.log_softmax(protoLogits, 1) - expected).abs().max().ToDouble() < 1e-3);
    }

    [Fact]
    public void Meta_information_is_the_support_loss_gradient_and_fast_weights_change_the_logits()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var metanet = new MetaNetworks(new MetaNetOptions(Ways: 5, Hidden: 8, MetaHidden: 4));
        using var batch = Batch(5, 1, 2, tasks: 1);
        var z = metanet.Embed(batch.SupportImages[0]).detach();
        var labels = batch.SupportLabels[0];
        var grads = metanet.MetaInformation(z, labels);
        Assert.Equal(new long[] { 5, 5, 8 }, grads.shape);
        for (var i = 0; i < 5; i++)
        {
            var loss = F.cross_entropy(metanet.SlowWeights.forward(z.narrow(0, i, 1)), labels.narrow(0, i, 1));
            var autograd = Gradients.Of(loss, [metanet.SlowWeights.weight!])[0];
            Assert.True((autograd - grads[i]).abs().max().ToDouble() < 1e-5, $"example {i}: closed form = autograd");
        }
        var fast = metanet.FastWeights(grads);
        var zq = metanet.Embed(batch.QueryImages[0]).detach();
        var both = metanet.QueryLogits(zq, z, fast);
        var slow = metanet.QueryLogits(zq, z, fast, slowOnly: true);
        var fastOnly = metanet.QueryLogits(zq, z, fast, fastOnly: true);
        Assert.True((both - slow - fastOnly).abs().max().ToDouble() < 1e-5, "layer augmentation: the branches are summed");
    }

    [Fact]
    public void Bad_inputs_to_the_model_based_learners_are_clear_errors()
    {
        using var threads = new SingleThread();
        using var scope = NewDisposeScope();
        manual_seed(1);
        Assert.Contains("Slots = 0 (the memory needs at least one slot)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryAugmentedNetwork(TinyMann with { Slots = 0, Reads = 1 })).Message);
        Assert.Contains("PrototypeLossWeight = NaN (finite, 0 or more",
            Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryAugmentedNetwork(TinyMann with { PrototypeLossWeight = double.NaN })).Message);
        Assert.Contains("No step is past instance 2 of its class",
            Assert.Throws<ArgumentException>(() => MemoryAugmentedNetwork.PrototypeLoss(zeros(1, 2, 4), tensor(new long[] { 0, 1 }, [1, 2]), tensor(new long[] { 1, 1 }, [1, 2]), 2, 2)).Message);
        // A sequence with a label out of range.
        Assert.Contains("Label 3 at episode 0, step 1 is out of range: a 3-way sequence has labels 0..2",
            Assert.Throws<ArgumentException>(() => SequenceBatch.Of(zeros([1L, 2, 1, 28, 28]), tensor(new long[] { 0, 3 }, [1, 2]), 3)).Message);
        using var mann = new MemoryAugmentedNetwork(TinyMann);
        Assert.Contains("labels run from 0 to 4, but MANN was built for 3 classes",
            Assert.Throws<ArgumentException>(() => mann.OffsetLabels(tensor(new long[] { 0, 4 }, [1, 2]))).Message);
        // A support set shorter than N.
        Assert.Contains("The support set has 3 embeddings, fewer than N*K = 5*1 = 5",
            Assert.Throws<ArgumentException>(() => HyperNetworks.ClassSummaries(zeros(3, 8), 5, 1)).Message);
        using var metanet = new MetaNetworks(new MetaNetOptions(Ways: 5, Hidden: 8));
        Assert.Contains("supportLabels has shape [3]; expected [S] with S = 5 support examples",
            Assert.Throws<ArgumentException>(() => metanet.MetaInformation(zeros(5, 8), tensor(new long[] { 0, 1, 2 }))).Message);
        Assert.Contains("Support labels run from 0 to 7, but MetaNet's base learner has 5 classes",
            Assert.Throws<ArgumentException>(() => metanet.MetaInformation(zeros(2, 8), tensor(new long[] { 0, 7 }))).Message);
    }

    [Fact]
    public void Model_based_methods_are_registered_with_names_heads_and_paper_numbers()
    {
        Assert.Equal("mann", Learners.Canonical("memory-augmented"));
        Assert.Equal("metanet", Learners.Canonical("Meta-Networks"));
        Assert.Equal("hypernet", Learners.Canonical("hypernetwork"));
        Assert.True(Learners.HasFixedHead("mann") && Learners.HasFixedHead("metanet") && !Learners.HasFixedHead("hypernet"));
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        foreach (var (method, name) in new[] { ("mann", "MANN"), ("metanet", "MetaNet"), ("hypernet", "HyperNet") })
        {
            using var learner = Learners.Create(TrainingConfig.For(method, ProfileName.Quick) with { Hidden = 8 }, split);
            Assert.Equal(name, learner.Name);
        }
        Assert.Equal(0.828, PaperResults.Find("MANN", 5, 1)!.Accuracy);
        Assert.Equal(0.949, PaperResults.Find("MANN", 5, 5)!.Accuracy);
        Assert.Equal(0.9895, PaperResults.Find("MetaNet", 5, 1)!.Accuracy);
        Assert.Equal(0.97, PaperResults.Find("MetaNet", 20, 1)!.Accuracy);
        Assert.Equal((1, 0.364), PaperResults.MannByInstance[0]);
    }
}
