using MetaNotebooks.Algorithms;
using MetaNotebooks.Algorithms.Baselines;
using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Networks;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.DataProbe;

/// <summary>
/// Bad calls to the library's public API, all in this one process: for each, a line
/// <c>case &lt;TAB&gt; name &lt;TAB&gt; exception type &lt;TAB&gt; message (one line)</c>, or <c>NONE</c> when nothing was thrown.
/// A line <c>start &lt;TAB&gt; name</c> comes first, so that a case that ends the process is named by the last start line.
/// The last line, <c>survived &lt;TAB&gt; count</c>, says the process got through every case.
/// </summary>
public static class BadInputs
{
    /// <summary>Runs every case on the real Omniglot (read from its cache) and returns the exit code (0).</summary>
    public static int Run(string dataFolder, string cacheFolder)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"metanb-bad-inputs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            using var omniglot = Omniglot.Load(new OmniglotOptions { DataFolder = dataFolder, CacheFolder = cacheFolder, Download = false, Log = _ => { } });
            var cases = Cases(omniglot, temp).ToList();
            foreach (var (name, act) in cases)
            {
                Console.WriteLine($"start\t{name}");
                Console.Out.Flush();
                string line;
                try
                {
                    using (NewDisposeScope()) act();
                    line = "NONE\t";
                }
                catch (Exception e)
                {
                    line = $"{e.GetType().FullName}\t{OneLine(e.Message)}";
                }
                Console.WriteLine($"case\t{name}\t{line}");
                Console.Out.Flush();
            }
            // The engine still works after every case.
            using (var t = ones(3)) Console.WriteLine($"survived\t{cases.Count}\t{t.sum().ToDouble()}");
            return 0;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static string OneLine(string message)
    {
        // libtorch appends its C++ stack to the message; the first line is what was wrong.
        var cut = message.IndexOf("\nException raised from", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        return message.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
    }

    /// <summary>An image source of another image shape (e.g. RGB, or 32x32), as a user's own data set might be.</summary>
    private sealed class OtherImages(long[] shape) : IEpisodeSource
    {
        public int DrawingsPerClass => 20;
        public long[] ImageShape => shape;
        public void CopyImages(ReadOnlySpan<long> imageIds, ReadOnlySpan<int> quarterTurns, Span<float> destination) => destination.Fill(0.5f);
    }

    private static IEnumerable<(string Name, Action Act)> Cases(Omniglot omniglot, string temp)
    {
        manual_seed(0);
        var split = OmniglotSplits.Vinyals(omniglot.Classes).WithRotations();
        var proto = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8));
        var cosine = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8, Distance: ProtoDistance.Cosine));
        var pretrain = new PretrainFinetune(split.Train.Classes, new PretrainOptions(Hidden: 8, FineTuneSteps: 2));
        var pixels = new PixelNearestNeighbour();
        var sampler = new EpisodeSampler(split.Train, 5, 1, 2);
        var good = sampler.Batch(omniglot, seed: 0, batchIndex: 0, tasks: 2);
        var rgb = sampler.Batch(new OtherImages([3, 28, 28]), seed: 0, batchIndex: 0, tasks: 2);
        var large = sampler.Batch(new OtherImages([1, 32, 32]), seed: 0, batchIndex: 0, tasks: 2);
        var tiny = sampler.Batch(new OtherImages([1, 6, 6]), seed: 0, batchIndex: 0, tasks: 1);

        // ---- ProtoNet: images, embeddings, prototypes, distances, loss, state ----
        yield return ("ProtoNet.Embed RGB images [4, 3, 28, 28]", () => proto.Embed(rand(4, 3, 28, 28)));
        yield return ("ProtoNet.Embed one image without batch dim [1, 28, 28]", () => proto.Embed(rand(1, 28, 28)));
        yield return ("ProtoNet.Embed float64 images", () => proto.Embed(rand([4, 1, 28, 28], float64)));
        yield return ("ProtoNet.Embed uint8 images", () => proto.Embed(zeros([4, 1, 28, 28], ScalarType.Byte)));
        yield return ("ProtoNet.Embed 6x6 images (pooled to nothing)", () => proto.Embed(rand(4, 1, 6, 6)));
        yield return ("ProtoNet.Prototypes 7 embeddings for 5-way 2-shot", () => PrototypicalNetworks.Prototypes(randn(7, 8), 5, 2));
        yield return ("ProtoNet.Prototypes 1-d embeddings", () => PrototypicalNetworks.Prototypes(randn(10), 5, 2));
        yield return ("ProtoNet.Distances D 8 vs D 7", () => proto.Distances(randn(6, 8), randn(3, 7)));
        yield return ("ProtoNet.Distances 1-d query", () => proto.Distances(randn(8), randn(3, 8)));
        yield return ("ProtoNet.Distances cosine D 8 vs D 7", () => cosine.Distances(randn(6, 8), randn(3, 7)));
        yield return ("ProtoNet.LogProbabilities 1-d distances", () => PrototypicalNetworks.LogProbabilities(randn(5)));
        yield return ("ProtoNet.Loss float labels", () => PrototypicalNetworks.Loss(randn(5, 3).log_softmax(1), ones(5)));
        yield return ("ProtoNet.Loss 4 labels for 5 queries", () => PrototypicalNetworks.Loss(randn(5, 3).log_softmax(1), zeros(4, ScalarType.Int64)));
        yield return ("ProtoNet.Loss label 7 of 3 classes", () => PrototypicalNetworks.Loss(randn(2, 3).log_softmax(1), tensor(new long[] { 0, 7 })));
        yield return ("ProtoNet.EpisodeDistances 5-way 2-shot with 5 support images", () => proto.EpisodeDistances(rand(5, 1, 28, 28), rand(10, 1, 28, 28), 5, 2));
        yield return ("ProtoNet.MetaTrainStep on RGB images", () => proto.MetaTrainStep(rgb));
        yield return ("ProtoNet.Predict on RGB images", () => proto.Predict(rgb));
        yield return ("ProtoNet.Predict on 6x6 images", () => proto.Predict(tiny));
        yield return ("ProtoNet.load_state_dict of Pretrain", () => proto.load_state_dict(pretrain.state_dict()));
        yield return ("ProtoNet.load_state_dict of a 16-filter ProtoNet", () =>
        {
            using var wide = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 16));
            proto.load_state_dict(wide.state_dict());
        });
        yield return ("ProtoNet.load_state_dict missing an entry", () =>
        {
            var state = proto.state_dict();
            state.Remove("body.13.running_var");
            proto.load_state_dict(state);
        });
        yield return ("ProtoNet with 0 filters", () => new PrototypicalNetworks(new ProtoNetOptions(Hidden: 0)));

        // ---- Pretrain+finetune ----
        yield return ("Pretrain.MetaTrainStep on RGB images", () => pretrain.MetaTrainStep(rgb));
        yield return ("Pretrain.MetaTrainStep on 32x32 images (head expects 8 features)", () => pretrain.MetaTrainStep(large));
        yield return ("Pretrain.Predict on RGB images", () => pretrain.Predict(rgb));
        yield return ("Pretrain.MetaTrainStep on test classes", () => pretrain.MetaTrainStep(new EpisodeSampler(split.Test, 5, 1, 2).Batch(omniglot, 0, 0, 1)));
        yield return ("Pretrain.load_state_dict of ProtoNet", () => pretrain.load_state_dict(proto.state_dict()));
        yield return ("Pretrain.load_state_dict of a 10-class Pretrain", () =>
        {
            using var small = new PretrainFinetune(split.Train.Classes.Take(10).ToList(), new PretrainOptions(Hidden: 8));
            pretrain.load_state_dict(small.state_dict());
        });
        yield return ("Pretrain with no classes", () => new PretrainFinetune([], new PretrainOptions(Hidden: 8)));

        // ---- Pixel nearest neighbour ----
        yield return ("PixelNN.MetaTrainStep", () => pixels.MetaTrainStep(good));
        yield return ("PixelNN.load_state_dict of ProtoNet", () => pixels.load_state_dict(proto.state_dict()));

        // ---- Checkpoints ----
        var protoConfig = TrainingConfig.For("protonet", ProfileName.Quick) with { Ways = 5, Shots = 1, Queries = 2, Tasks = 1, Steps = 1, Hidden = 8, ValidateEvery = 1, ValidationEpisodes = 2 };
        var protoPath = Path.Combine(temp, "protonet.ckpt");
        using (var experiment = new ExperimentRun(protoConfig, omniglot)) experiment.Trainer.Run(checkpointPath: protoPath);
        yield return ("Pretrain trainer resumes a ProtoNet checkpoint", () =>
        {
            using var run = new ExperimentRun(protoConfig with { Method = "pretrain" }, omniglot);
            using var checkpoint = Checkpoint.Load(protoPath);
            run.Trainer.Resume(checkpoint);
        });
        yield return ("Pretrain.load_state_dict of a ProtoNet checkpoint", () =>
        {
            using var checkpoint = Checkpoint.Load(protoPath);
            pretrain.load_state_dict(checkpoint.Part("learner."));
        });
        yield return ("Checkpoint.Load truncated", () =>
        {
            var path = Path.Combine(temp, "truncated.ckpt");
            var bytes = File.ReadAllBytes(protoPath);
            File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
            Checkpoint.Load(path).Dispose();
        });
        yield return ("Checkpoint.Load one flipped byte", () =>
        {
            var path = Path.Combine(temp, "flipped.ckpt");
            var bytes = File.ReadAllBytes(protoPath);
            bytes[bytes.Length / 3] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            Checkpoint.Load(path).Dispose();
        });
        yield return ("Checkpoint.Load missing file", () => Checkpoint.Load(Path.Combine(temp, "nope.ckpt")).Dispose());
        yield return ("TensorFile.Load of a text file", () =>
        {
            var path = Path.Combine(temp, "notes.txt");
            File.WriteAllText(path, "these are not tensors, just some notes");
            TensorFile.Load(path);
        });

        // ---- Omniglot cache ----
        yield return ("Omniglot.Load with a corrupt cache and no zips", () =>
        {
            var cache = Path.Combine(temp, "cache");
            Directory.CreateDirectory(cache);
            var copy = Path.Combine(cache, Path.GetFileName(omniglot.CachePath));
            var bytes = File.ReadAllBytes(omniglot.CachePath);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(copy, bytes);
            var empty = Path.Combine(temp, "no-zips");
            Directory.CreateDirectory(empty);
            var log = new List<string>();
            try
            {
                Omniglot.Load(new OmniglotOptions { DataFolder = empty, CacheFolder = cache, Download = false, Log = log.Add }).Dispose();
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                throw new InvalidDataException($"{e.Message} [log: {string.Join(" | ", log)}]", e);
            }
        });

        // ---- Sampler, task batches, images ----
        yield return ("EpisodeSampler 0-way", () => new EpisodeSampler(split.Train, 0, 1, 1));
        yield return ("EpisodeSampler 5000-way", () => new EpisodeSampler(split.Test, 5000, 1, 1));
        yield return ("EpisodeSampler 10 shots + 15 queries", () => new EpisodeSampler(split.Train, 5, 10, 15));
        yield return ("EpisodeSampler.Batch 0 tasks", () => sampler.Batch(omniglot, 0, 0, 0));
        yield return ("TaskBatch.Create no episodes", () => TaskBatch.Create(omniglot, []));
        yield return ("TaskBatch.Create 5-way and 20-way episodes", () => TaskBatch.Create(omniglot,
            [sampler.Sample(0, 0), new EpisodeSampler(split.Train, 20, 1, 2).Sample(0, 0)]));
        yield return ("TaskBatch.Create episode from another source (ids past the end)", () =>
        {
            using var small = new PrototypicalNetworks(new ProtoNetOptions(Hidden: 8));
            var episode = sampler.Sample(0, 0);
            var far = episode with { Support = new SupportSet(episode.Support.Items.Select(i => i with { ImageId = i.ImageId + 1_000_000 }).ToList()) };
            TaskBatch.Create(omniglot, [far]);
        });
        yield return ("Omniglot.CopyImages buffer too small", () => omniglot.CopyImages([0, 1], [0, 0], new float[784]));
        yield return ("OmniglotImages.ToArrays 1-d tensor", () => OmniglotImages.ToArrays(ones(5)));

        // ---- Models ----
        yield return ("Conv4 (1 channel) on [N, 3, 28, 28]", () =>
        {
            using var net = new Conv4(inChannels: 1, hidden: 4);
            net.forward(rand(2, 3, 28, 28));
        });
        yield return ("Conv4 head on 32x32 images (embedding 16, head wants 4)", () =>
        {
            using var net = new Conv4(hidden: 4, classes: 5);
            net.forward(rand(2, 1, 32, 32));
        });
        yield return ("Conv4.forward(x, weights) 17 of 18 tensors", () =>
        {
            using var net = new Conv4(hidden: 4, classes: 5);
            net.forward(rand(2, 1, 28, 28), net.ParameterList().Take(17).ToList());
        });
        yield return ("Conv4.forward(x, weights) a weight of the wrong shape", () =>
        {
            using var net = new Conv4(hidden: 4, classes: 5);
            var weights = net.ParameterList().ToList();
            weights[0] = randn(4, 1, 5, 5);
            net.forward(rand(2, 1, 28, 28), weights);
        });
        yield return ("Mlp 784 inputs given 100", () =>
        {
            using var mlp = new Mlp(784, [16], 5);
            mlp.forward(randn(3, 100));
        });
        yield return ("Mlp on a 1-d tensor", () =>
        {
            using var mlp = new Mlp(4, [8], 1);
            mlp.forward(randn(4));
        });
        yield return ("Mlp float64 input, float32 weights", () =>
        {
            using var mlp = new Mlp(4, [8], 1);
            mlp.forward(randn([3, 4], float64));
        });
        yield return ("Mlp with a 0-wide layer", () => new Mlp(4, [0], 1));

        // ---- Gradients ----
        yield return ("Gradients.Of an input that does not require grad", () =>
        {
            var x = randn(3);
            Gradients.Of((x * 2).sum(), [x]);
        });
        yield return ("Gradients.Of an output computed under no_grad", () =>
        {
            var w = randn(3).requires_grad_();
            Tensor y;
            using (no_grad()) y = (w * 2).sum();
            Gradients.Of(y, [w]);
        });
        yield return ("Gradients.Of a non-scalar output without grad_outputs", () =>
        {
            var w = randn(3).requires_grad_();
            Gradients.Of(w * 2, [w]);
        });
        yield return ("Gradients.Of an input the output does not use", () =>
        {
            var w = randn(3).requires_grad_();
            var unused = randn(3).requires_grad_();
            Gradients.Of((w * 2).sum(), [w, unused]);
        });
        yield return ("Gradients.Of grad_outputs of another shape", () =>
        {
            var w = randn(3).requires_grad_();
            Gradients.Of([w * 2], [w], [ones(4)]);
        });
        yield return ("Gradients.Of grad_outputs of another dtype", () =>
        {
            var w = randn(3).requires_grad_();
            Gradients.Of([w * 2], [w], [ones([3], float64)]);
        });
        yield return ("Gradients.Of two outputs, one grad_output", () =>
        {
            var w = randn(3).requires_grad_();
            Gradients.Of([w * 2, w * 3], [w], [ones(3)]);
        });
        yield return ("Gradients.Of twice on one output (the first call freed its graph)", () =>
        {
            var w = randn(3).requires_grad_();
            var loss = (w * w).sum();
            Gradients.Of(loss, [w]);
            Gradients.Of(loss, [w]);
        });
        yield return ("Gradients.Of no inputs", () =>
        {
            var w = randn(3).requires_grad_();
            Gradients.Of((w * 2).sum(), []);
        });

        // ---- Evaluation, devices, learners by name ----
        yield return ("Accuracy.Of 5 predictions, 4 labels", () => Accuracy.Of(randn(5, 3), zeros(4, ScalarType.Int64)));
        yield return ("Accuracy.PerTask 2-d logits", () => Accuracy.PerTask(randn(5, 3), zeros(5, ScalarType.Int64)));
        yield return ("Pca.Fit a 3-d tensor", () => Pca.Fit(randn(3, 4, 5)));
        yield return ("Pca.Transform points of another dimension", () =>
        {
            using var pca = Pca.Fit(randn(20, 4));
            pca.Transform(randn(3, 5));
        });
        yield return ("Devices.Choose an unknown device", () => Devices.Choose("tpu"));
        yield return ("Devices.Choose cuda without a GPU", () =>
        {
            if (torch.cuda.is_available()) throw new ArgumentException("CUDA is available here: this case expects a machine without a GPU (asks for a CUDA GPU, but TorchSharp sees none).");
            Devices.Choose("cuda");
        });
        yield return ("Learners.Canonical unknown method", () => Learners.Canonical("maml++"));
    }

    /// <summary>An experiment, a seeded learner and a trainer for a config, disposed together.</summary>
    private sealed class ExperimentRun : IDisposable
    {
        public ExperimentRun(TrainingConfig config, Omniglot omniglot)
        {
            var experiment = new Experiment(config, omniglot.Classes);
            manual_seed(config.Seed);
            Learner = Learners.Create(config, experiment.Split);
            Trainer = new MetaTrainer(Learner, omniglot, experiment);
        }

        public IFewShotLearner Learner { get; }
        public MetaTrainer Trainer { get; }

        public void Dispose()
        {
            Trainer.Dispose();
            Learner.Dispose();
        }
    }
}
