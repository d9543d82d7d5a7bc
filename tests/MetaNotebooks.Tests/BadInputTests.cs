using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace MetaNotebooks.Tests;

/// <summary>
/// Issue 9's bad inputs: 71 mistakes a learner makes with the library's public API (wrong shapes and dtypes to
/// every learner and to the sampler and task batches, gradients of tensors that do not require grad, a checkpoint of
/// another method, truncated and corrupted checkpoints, a corrupt Omniglot cache, models given the wrong images), all run
/// in one child process (MetaNotebooks.DataProbe bad-inputs, which prints one line per case). Every one must raise the
/// expected .NET exception with a message that says what was wrong, and the child must survive every one (exit 0):
/// TorchSharp 0.107 ends the process on a mistake in matmul and autograd.grad, so the library checks first.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class BadInputTests(OmniglotFixture fixture, ITestOutputHelper output)
{
    private sealed record Expected(Type Exception, string[] Phrases);

    private static readonly Dictionary<string, Expected> Table = new()
    {
        ["ProtoNet.Embed RGB images [4, 3, 28, 28]"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [4, 3, 28, 28]."]),
        ["ProtoNet.Embed one image without batch dim [1, 28, 28]"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [1, 28, 28]."]),
        ["ProtoNet.Embed float64 images"] = new(typeof(ArgumentException), ["Conv4's weights are Float32 but the input (shape [4, 1, 28, 28]) is Float64"]),
        ["ProtoNet.Embed uint8 images"] = new(typeof(ArgumentException), ["Conv4's weights are Float32 but the input (shape [4, 1, 28, 28]) is Byte"]),
        ["ProtoNet.Embed 6x6 images (pooled to nothing)"] = new(typeof(ExternalException), ["Calculated output size: (8x0x0). Output size is too small"]),
        ["ProtoNet.Prototypes 7 embeddings for 5-way 2-shot"] = new(typeof(ArgumentException), ["supportEmbeddings has shape [7, 8]; expected [N*K, D] with N*K = 5*2"]),
        ["ProtoNet.Prototypes 1-d embeddings"] = new(typeof(ArgumentException), ["supportEmbeddings has shape [10]; expected [N*K, D] with N*K = 5*2 ="]),
        ["ProtoNet.Distances D 8 vs D 7"] = new(typeof(ArgumentException), ["prototypes has shape [3, 7]; expected [N, D] with the queries' D = 8"]),
        ["ProtoNet.Distances 1-d query"] = new(typeof(ArgumentException), ["queryEmbeddings has shape [8]; expected [M, D] = [*, *]."]),
        ["ProtoNet.Distances cosine D 8 vs D 7"] = new(typeof(ArgumentException), ["prototypes has shape [3, 7]; expected [N, D] with the queries' D = 8"]),
        ["ProtoNet.LogProbabilities 1-d distances"] = new(typeof(ArgumentException), ["distances has shape [5]; expected [M, N] = [*, *]."]),
        ["ProtoNet.Loss float labels"] = new(typeof(ArgumentException), ["labels has dtype Float32; expected Int64."]),
        ["ProtoNet.Loss 4 labels for 5 queries"] = new(typeof(ArgumentException), ["labels has shape [4]; expected [M] with M = 5 queries = [5]."]),
        ["ProtoNet.Loss label 7 of 3 classes"] = new(typeof(ExternalException), ["Target 7 is out of bounds."]),
        ["ProtoNet.EpisodeDistances 5-way 2-shot with 5 support images"] = new(typeof(ArgumentException), ["supportEmbeddings has shape [5, 8]; expected [N*K, D] with N*K = 5*2"]),
        ["ProtoNet.MetaTrainStep on RGB images"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [15, 3, 28, 28]."]),
        ["ProtoNet.Predict on RGB images"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [10, 3, 28, 28]."]),
        ["ProtoNet.Predict on 6x6 images"] = new(typeof(ExternalException), ["Calculated output size: (8x0x0). Output size is too small"]),
        ["ProtoNet.load_state_dict of Pretrain"] = new(typeof(ArgumentException), ["does not fit ProtoNet's embedding", "unexpected backbone.body.0.weight"]),
        ["ProtoNet.load_state_dict of a 16-filter ProtoNet"] = new(typeof(ArgumentException), ["Entry body.0.weight has shape [16, 1, 3, 3] but ProtoNet's embedding"]),
        ["ProtoNet.load_state_dict missing an entry"] = new(typeof(ArgumentException), ["missing body.13.running_var"]),
        ["ProtoNet with 0 filters"] = new(typeof(ArgumentOutOfRangeException), ["ProtoNet needs a positive embedding size (Hidden)."]),
        ["Pretrain.MetaTrainStep on RGB images"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [30, 3, 28, 28]."]),
        ["Pretrain.MetaTrainStep on 32x32 images (head expects 8 features)"] = new(typeof(ArgumentException), ["Pretrain+finetune pretrains on 28x28 images (8 features per image);"]),
        ["Pretrain.Predict on RGB images"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [10, 3, 28, 28]."]),
        ["Pretrain.MetaTrainStep on test classes"] = new(typeof(ArgumentException), ["is not one of the 4112 pretraining classes"]),
        ["Pretrain.load_state_dict of ProtoNet"] = new(typeof(ArgumentException), ["Unexpected keys for Pretrain+finetune: body.0.weight, body.0.bias,"]),
        ["Pretrain.load_state_dict of a 10-class Pretrain"] = new(typeof(ArgumentException), ["Entry weight has shape [10, 8] but Pretrain+finetune's pretraining"]),
        ["Pretrain with no classes"] = new(typeof(ArgumentException), ["The pretrain baseline needs at least one training class."]),
        ["PixelNN.MetaTrainStep"] = new(typeof(NotSupportedException), ["Pixel nearest neighbour has nothing to train: evaluate it directly"]),
        ["PixelNN.load_state_dict of ProtoNet"] = new(typeof(ArgumentException), ["Pixel nearest neighbour has no state, but 28 tensors were given"]),
        ["Pretrain trainer resumes a ProtoNet checkpoint"] = new(typeof(ArgumentException), ["protonet.ckpt was saved by another run", "this trainer runs pretrain"]),
        ["Pretrain.load_state_dict of a ProtoNet checkpoint"] = new(typeof(ArgumentException), ["Unexpected keys for Pretrain+finetune: body.0.weight"]),
        ["Checkpoint.Load truncated"] = new(typeof(InvalidDataException), ["truncated.ckpt cannot be used", "truncated or corrupted"]),
        ["Checkpoint.Load one flipped byte"] = new(typeof(InvalidDataException), ["flipped.ckpt cannot be used", "checksum does not match"]),
        ["Checkpoint.Load missing file"] = new(typeof(FileNotFoundException), ["nope.ckpt does not exist", "metanb train"]),
        ["TensorFile.Load of a text file"] = new(typeof(InvalidDataException), ["notes.txt is not a valid MetaNotebooks tensor file", "header is not \"MNTENSOR\""]),
        ["Omniglot.Load with a corrupt cache and no zips"] = new(typeof(InvalidDataException), ["images_background.zip is not in", "the cache is unusable", "checksum does not match"]),
        ["EpisodeSampler 0-way"] = new(typeof(ArgumentOutOfRangeException), ["Episode sizes must be positive, but ways (N) = 0."]),
        ["EpisodeSampler 5000-way"] = new(typeof(ArgumentOutOfRangeException), ["A 5000-way episode needs 5000 classes, but the test set has only"]),
        ["EpisodeSampler 10 shots + 15 queries"] = new(typeof(ArgumentOutOfRangeException), ["10 shots + 15 queries = 25 drawings per class, but each class has"]),
        ["EpisodeSampler.Batch 0 tasks"] = new(typeof(ArgumentOutOfRangeException), ["A task batch needs at least one task, not 0."]),
        ["TaskBatch.Create no episodes"] = new(typeof(ArgumentException), ["A task batch needs at least one episode."]),
        ["TaskBatch.Create 5-way and 20-way episodes"] = new(typeof(ArgumentException), ["Episodes of one batch must have the same shape: (seed 0, #0) is 5-way"]),
        ["TaskBatch.Create episode from another source (ids past the end)"] = new(typeof(ArgumentOutOfRangeException), ["Image ids run from 0 to 32459 (class * 20 + drawing)."]),
        ["Omniglot.CopyImages buffer too small"] = new(typeof(ArgumentException), ["CopyImages: 2 ids need 2 rotations and 1568 floats of room, got 2 and"]),
        ["OmniglotImages.ToArrays 1-d tensor"] = new(typeof(ArgumentException), ["OmniglotImages.ToArrays wants images [..., H, W], got shape [5]."]),
        ["Conv4 (1 channel) on [N, 3, 28, 28]"] = new(typeof(ArgumentException), ["Conv4 wants images [N, 1, H, W]; got shape [2, 3, 28, 28]."]),
        ["Conv4 head on 32x32 images (embedding 16, head wants 4)"] = new(typeof(ArgumentException), ["Conv4's head takes 4 features, but images of shape [2, 1, 32, 32]"]),
        ["Conv4.forward(x, weights) 17 of 18 tensors"] = new(typeof(ArgumentException), ["Conv4 has 18 parameters but 17 tensors were given; pass one tensor"]),
        ["Conv4.forward(x, weights) a weight of the wrong shape"] = new(typeof(ArgumentException), ["Parameter 0 (body.0.weight) has shape [4, 1, 3, 3] but the tensor"]),
        ["Mlp 784 inputs given 100"] = new(typeof(ArgumentException), ["Mlp(784 -> 16 -> 5) wants inputs [N, 784] (or [N, ...] with 784"]),
        ["Mlp on a 1-d tensor"] = new(typeof(ArgumentException), ["Mlp(4 -> 8 -> 1) wants inputs [N, 4] (or [N, ...] with 4 values per"]),
        ["Mlp float64 input, float32 weights"] = new(typeof(ArgumentException), ["Mlp's weights are Float32 but the input (shape [3, 4]) is Float64:"]),
        ["Mlp with a 0-wide layer"] = new(typeof(ArgumentOutOfRangeException), ["Layer sizes must be positive: inputs 4, hidden [0], outputs 1."]),
        ["Gradients.Of an input that does not require grad"] = new(typeof(ArgumentException), ["Input 0 (shape [3], Float32) does not require grad"]),
        ["Gradients.Of an output computed under no_grad"] = new(typeof(ArgumentException), ["Output 0 (shape []) does not depend on any tensor that requires grad"]),
        ["Gradients.Of a non-scalar output without grad_outputs"] = new(typeof(ArgumentException), ["Output 0 has shape [3]: a gradient needs a scalar output (e.g."]),
        ["Gradients.Of an input the output does not use"] = new(typeof(ArgumentException), ["Input 1 (shape [3]) not used to compute the outputs", "allowUnused: true"]),
        ["Gradients.Of grad_outputs of another shape"] = new(typeof(ArgumentException), ["grad_outputs 0 has shape [4] but output 0 has shape [3]."]),
        ["Gradients.Of grad_outputs of another dtype"] = new(typeof(ArgumentException), ["grad_outputs 0 has dtype Float64 but output 0 has dtype Float32."]),
        ["Gradients.Of two outputs, one grad_output"] = new(typeof(ArgumentException), ["2 outputs but 1 grad_outputs were given; give one per output."]),
        ["Gradients.Of twice on one output (the first call freed its graph)"] = new(typeof(ArgumentException), ["was already differentiated by Gradients.Of without retainGraph", "retainGraph: true"]),
        ["Gradients.Of no inputs"] = new(typeof(ArgumentException), ["Gradients.Of needs at least one input to differentiate with respect"]),
        ["Accuracy.Of 5 predictions, 4 labels"] = new(typeof(ArgumentException), ["Accuracy: logits [5, 3] give predictions of shape [5], labels have"]),
        ["Accuracy.PerTask 2-d logits"] = new(typeof(ArgumentException), ["Accuracy.PerTask wants logits [T, M, N] and labels [T, M], got logits"]),
        ["Pca.Fit a 3-d tensor"] = new(typeof(ArgumentException), ["PCA needs points as a matrix [M, D], got shape [3, 4, 5]."]),
        ["Pca.Transform points of another dimension"] = new(typeof(ArgumentException), ["The PCA was fitted to 4-d points; got shape [3, 5]."]),
        ["Devices.Choose an unknown device"] = new(typeof(ArgumentException), ["Unknown device \"tpu\" in METANB_DEVICE: use cpu, cuda or cuda:N."]),
        ["Devices.Choose cuda without a GPU"] = new(typeof(ArgumentException), ["METANB_DEVICE=cuda asks for a CUDA GPU, but TorchSharp sees none:"]),
        ["Learners.Canonical unknown method"] = new(typeof(ArgumentException), ["Unknown method 'maml++'. Known methods: protonet, pretrain, maml, fomaml, anil, metasgd, reptile, siamese, matching, relation, gnn, mann, metanet, hypernet, lstm-meta."]),
    };

    [Fact]
    public async Task Every_bad_input_is_a_clear_dotnet_exception_and_the_child_process_survives_them_all()
    {
        Assert.True(Table.Count >= 30, $"issue 9 asks for at least 30 bad inputs; the table has {Table.Count}");
        var probe = Path.Combine(AppContext.BaseDirectory, "MetaNotebooks.DataProbe.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { probe, "bad-inputs", fixture.DataFolder, fixture.CacheFolder }) start.ArgumentList.Add(a);
        start.Environment["METANB_NUM_THREADS"] = "1";
        using var child = Process.Start(start)!;
        var stderrTask = child.StandardError.ReadToEndAsync();
        var stdout = await child.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var lastStart = lines.LastOrDefault(l => l.StartsWith("start\t", StringComparison.Ordinal));
        Assert.True(child.ExitCode == 0,
            $"the child died (exit {child.ExitCode}) during \"{lastStart?.Split('\t')[1]}\": a bad input reached an aborting native call.\n{Tail(stderr)}");

        var results = lines.Where(l => l.StartsWith("case\t", StringComparison.Ordinal)).Select(l => l.Split('\t', 4))
            .ToDictionary(p => p[1], p => (Type: p[2], Message: p[3]));
        Assert.Equal(Table.Keys.Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        var failures = new List<string>();
        foreach (var (name, expected) in Table)
        {
            var (type, message) = results[name];
            output.WriteLine($"{name}: {type}: {message}");
            if (type == "NONE") failures.Add($"{name}: nothing was thrown");
            else if (type != expected.Exception.FullName) failures.Add($"{name}: {type} instead of {expected.Exception.FullName}: {message}");
            foreach (var phrase in expected.Phrases.Where(p => !message.Contains(p, StringComparison.Ordinal)))
                failures.Add($"{name}: the message does not say \"{phrase}\": {message}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var survived = lines.Single(l => l.StartsWith("survived\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(Table.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), survived[1]);
        Assert.Equal("3", survived[2]); // a tensor op after the last case still works
        output.WriteLine($"{Table.Count} bad inputs, each a .NET exception; the child exited 0.");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
