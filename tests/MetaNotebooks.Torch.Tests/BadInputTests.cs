using static MetaNotebooks.Torch.torch;
using F = MetaNotebooks.Torch.torch.nn.functional;

namespace MetaNotebooks.Torch.Tests;

/// <summary>
/// Bad input never ends the process: every case raises a .NET exception whose message says what was wrong
/// (libtorch's own message in a <see cref="TorchException"/>, or the C# layer's), and the engine keeps working.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class BadInputTests
{
    /// <summary>One bad call: the exception type expected and phrases its message must contain.</summary>
    public sealed record Case(Type Exception, string[] Phrases, Action Act);

    private static Case Torch(Action act, params string[] phrases) => new(typeof(TorchException), phrases, act);
    private static Case Argument(Action act, params string[] phrases) => new(typeof(ArgumentException), phrases, act);
    private static Case Disposed(Action act, params string[] phrases) => new(typeof(ObjectDisposedException), phrases, act);

    private static Tensor Leaf(params long[] shape) => randn(shape).requires_grad_();

    internal static readonly Dictionary<string, Case> Table = new()
    {
        // ---- shape mismatches ----
        ["add: shapes [2,3] and [4,5]"] = Torch(() => _ = ones(2, 3) + ones(4, 5),
            "size of tensor a (3) must match the size of tensor b (5)", "dimension 1"),
        ["matmul: [2,3] x [4,5]"] = Torch(() => ones(2, 3).matmul(ones(4, 5)), "shapes cannot be multiplied", "2x3 and 4x5"),
        ["mm: [2,3] x [2,3]"] = Torch(() => ones(2, 3).mm(ones(2, 3)), "shapes cannot be multiplied", "2x3 and 2x3"),
        ["mm: a 3-d operand"] = Torch(() => ones(2, 3, 4).mm(ones(4, 2)), "must be a matrix"),
        ["bmm: batches [2,3,4] x [2,5,6]"] = Torch(() => ones(2, 3, 4).bmm(ones(2, 5, 6)), "batch2", "[2, 4]", "[2, 5]"),
        ["cat: [2,3] and [2,4] along 0"] = Torch(() => cat(new[] { ones(2, 3), ones(2, 4) }, 0),
            "Sizes of tensors must match except in dimension 0", "Expected size 3 but got size 4"),
        ["conv2d: 3 input channels, weight for 1"] = Torch(() => F.conv2d(ones(1, 3, 8, 8), ones(4, 1, 3, 3)),
            "expected input[1, 3, 8, 8] to have 1 channels, but got 3 channels"),
        ["linear: 3 features into a 5-feature layer"] = Torch(() => F.linear(ones(2, 3), ones(4, 5)), "shapes cannot be multiplied", "2x3 and 5x4"),
        ["Linear module: wrong in_features"] = Torch(() => new nn.Linear(5, 2).forward(ones(4, 3)), "shapes cannot be multiplied", "4x3 and 5x2"),
        ["view: 6 elements as [4]"] = Torch(() => arange(6).view(4), "shape '[4]' is invalid for input of size 6"),
        ["view: a transposed (non-contiguous) tensor"] = Torch(() => ones(2, 3).t().view(6), "view size is not compatible", "reshape"),
        ["reshape: two inferred dims"] = Torch(() => arange(6).reshape(-1, -1), "only one dimension can be inferred"),
        ["expand: [2,3] to [4,5]"] = Torch(() => ones(2, 3).expand(4, 5),
            "expanded size of the tensor (5) must match the existing size (3) at non-singleton dimension 1"),
        ["backward: gradient of the wrong shape"] = Torch(() => (Leaf(3) * 2).backward(ones(2)), "invalid gradient at index 0", "got [2]", "compatible with [3]"),
        ["max_pool2d: kernel larger than the image"] = Torch(() => F.max_pool2d(ones(1, 1, 2, 2), 3), "Output size is too small"),
        ["tensor: 5 values for shape [2,3]"] = Argument(() => tensor(new float[] { 1, 2, 3, 4, 5 }, new long[] { 2, 3 }),
            "5 values do not fill shape [2, 3]"),
        ["CopyTo: a span of the wrong length"] = Torch(() => ones(4).CopyTo(new float[3].AsSpan()), "destination holds 12 bytes", "16"),

        // ---- wrong dtypes ----
        ["cross_entropy: float class targets"] = Torch(() => F.cross_entropy(randn(4, 3), ones(4)), "expected scalar type Long but found Float"),
        ["index_select: float index"] = Torch(() => arange(5).index_select(0, ones(2)), "index_select(): Expected dtype int32 or int64 for index"),
        ["masked_fill: float mask"] = Torch(() => ones(3).masked_fill(tensor(new float[] { 1, 0, 2 }), 0.0), "masked_fill only supports boolean masks", "Float"),
        ["masked_select: int64 mask"] = Torch(() => ones(3).masked_select(arange(3)), "masked_select only supports boolean masks", "Long"),
        ["bmm: float32 x float64"] = Torch(() => ones(2, 3, 4).bmm(ones(new long[] { 2, 4, 5 }, float64)), "expected scalar type Float but found Double"),
        ["requires_grad on an int64 tensor"] = Torch(() => arange(3).requires_grad_(), "Only Tensors of floating point", "can require gradients"),
        ["item: a 4-element tensor"] = Torch(() => ones(4).item(), "a Tensor with 4 elements cannot be converted to Scalar"),

        // ---- out-of-range indices and dims ----
        ["select: index 5 of size 3"] = Torch(() => ones(3).select(0, 5), "index 5 out of range", "size [3]"),
        ["narrow: start 2 + length 5 past size 3"] = Torch(() => ones(3).narrow(0, 2, 5), "start (2) + length (5) exceeds dimension size (3)"),
        ["index_select: index 5 of size 3"] = Torch(() => arange(3).index_select(0, tensor(new long[] { 5 })), "index out of range"),
        ["gather: index 3 in a dim of size 2"] = Torch(() => ones(2, 2).gather(1, tensor(new long[,] { { 0, 3 }, { 1, 0 } })),
            "index 3 is out of bounds for dimension 1 with size 2"),
        ["one_hot: class 3 with 3 classes"] = Torch(() => F.one_hot(tensor(new long[] { 0, 3 }), 3), "Class values must be smaller than num_classes"),
        ["cross_entropy: class 5 with 3 classes"] = Torch(() => F.cross_entropy(randn(2, 3), tensor(new long[] { 0, 5 })), "Target 5 is out of bounds"),
        ["transpose: dim 5 of a 2-d tensor"] = Torch(() => ones(2, 3).transpose(0, 5), "Dimension out of range", "[-2, 1]", "got 5"),
        ["squeeze: dim 4 of a 2-d tensor"] = Torch(() => ones(2, 3).squeeze(4), "Dimension out of range", "got 4"),

        // ---- autograd misuse ----
        ["autograd.grad: an unused input"] = Torch(() =>
        {
            var (x, y) = (Leaf(3), Leaf(3));
            autograd.grad((x * 2).sum(), new[] { x, y });
        }, "appears to not have been used in the graph", "allow_unused=True"),
        ["autograd.grad: an input that does not require grad"] = Torch(() =>
        {
            var (x, z) = (Leaf(3), randn(3));
            autograd.grad((x * z).sum(), new[] { z });
        }, "does not require grad"),
        ["backward twice without retain_graph"] = Torch(() =>
        {
            var loss = (Leaf(3).exp()).sum();
            loss.backward();
            loss.backward();
        }, "Trying to backward through the graph a second time", "retain_graph=True"),
        ["autograd.grad: 2 grad_outputs for 1 output"] = Argument(() =>
        {
            var x = Leaf(2);
            autograd.grad(new[] { x.sum() }, new[] { x }, new Tensor?[] { ones(1), ones(1) });
        }, "grad_outputs has 2 tensors but there are 1 outputs"),
        ["grad: assigning a gradient of the wrong shape"] = Torch(() => Leaf(3).grad = ones(2),
            "assigned grad has data of a different size", "shape [3]", "gradient [2]"),
        ["grad: assigning a gradient of another dtype"] = Torch(() => Leaf(3).grad = ones(new long[] { 3 }, float64),
            "assigned grad has data of a different type", "Float", "Double"),
        ["backward of a non-scalar without gradient"] = Torch(() => (Leaf(3) * 2).backward(), "grad can be implicitly created only for scalar outputs"),
        ["backward of a tensor without grad_fn"] = Torch(() => ones(3).sum().backward(), "does not require grad and does not have a grad_fn"),
        ["in-place update of a leaf that requires grad"] = Torch(() => Leaf(3).add_(1.0), "a leaf Variable that requires grad is being used in an in-place operation"),
        ["anomaly mode: NaN gradient of sqrt(-1)"] = Torch(() =>
        {
            set_detect_anomaly(true);
            try
            {
                var x = tensor(new float[] { -1, 4 }, requires_grad: true);
                x.sqrt().sum().backward();
            }
            finally
            {
                set_detect_anomaly(false);
            }
        }, "SqrtBackward0", "returned nan values"),
        ["anomaly mode: NaN gradient of 0 * log(0)"] = Torch(() =>
        {
            set_detect_anomaly(true);
            try
            {
                var x = zeros(new long[] { 2 }, requires_grad: true);
                (x * x.log()).sum().backward();
            }
            finally
            {
                set_detect_anomaly(false);
            }
        }, "returned nan values"),

        // ---- use after dispose ----
        ["use after Dispose"] = Disposed(() =>
        {
            var t = ones(3);
            t.Dispose();
            t.sum();
        }, "This tensor was disposed", "MoveToOuterDisposeScope"),
        ["use after the end of its dispose scope"] = Disposed(() =>
        {
            Tensor t;
            using (NewDisposeScope()) t = ones(3) * 2;
            _ = t.shape;
        }, "end of its dispose scope"),
        ["a disposed tensor in a list"] = Disposed(() =>
        {
            var t = ones(3);
            t.Dispose();
            cat(new[] { ones(3), t });
        }, "This tensor was disposed"),

        // ---- devices ----
        ["to(\"cuda\") without CUDA"] = Torch(() => ones(2).to("cuda"), "CUDA is not available", "-p:LibTorchDir"),
        ["zeros on device \"cuda:0\" without CUDA"] = Torch(() => zeros(new long[] { 2 }, device: Device.Parse("cuda:0")), "CUDA is not available", "\"cpu\""),
        ["tensor from data on \"cuda\" without CUDA"] = Torch(() => tensor(new float[] { 1 }, device: CUDA), "CUDA is not available"),
        ["Device.Parse(\"gpu\")"] = Argument(() => Device.Parse("gpu"), "Unknown device 'gpu'", "\"cuda\""),
        ["Device.Parse(\"cuda:-1\")"] = Argument(() => Device.Parse("cuda:-1"), "Unknown device 'cuda:-1'"),

        // ---- arguments checked by the C# layer or by libtorch ----
        ["reduction \"avg\""] = Argument(() => F.mse_loss(ones(2), ones(2), "avg"), "reduction must be", "not \"avg\""),
        ["dropout p = 1.5"] = Argument(() => F.dropout(ones(2), 1.5), "dropout probability has to be between 0 and 1"),
        ["dropout p = -0.1"] = Argument(() => F.dropout(ones(2), -0.1), "dropout probability has to be between 0 and 1"),
        ["randint low >= high"] = Torch(() => randint(5, 5, new long[] { 3 }), "expects 'from' to be less than 'to'", "from=5 >= to=5"),
        ["zeros: 2^50 elements"] = Torch(() => zeros(1L << 50), "can't allocate memory", "4503599627370496 bytes"),
        ["einsum: operand count"] = Torch(() => einsum("ij,jk->ik", ones(2, 2)), "einsum(): fewer operands were provided than specified in the equation"),
        ["clamp without bounds"] = Argument(() => ones(2).clamp(), "clamp needs at least one of min and max"),
        ["set_num_threads(0)"] = Argument(() => set_num_threads(0), "at least 1 thread"),
        ["functional forward: 1 tensor for 2 parameters"] = Argument(() => new nn.Linear(4, 3).forward(ones(2, 4), new[] { ones(3, 4) }),
            "Linear has 2 parameters but 1 tensors were given"),
        ["functional forward: a parameter of the wrong shape"] = Argument(() => new nn.Linear(4, 3).forward(ones(2, 4), new[] { ones(4, 3), ones(3) }),
            "Parameter 0 (weight) has shape [3, 4] but the tensor given for it has shape [4, 3]"),
        ["BatchNorm2d: a 2-d input"] = Argument(() => new nn.BatchNorm2d(3).forward(ones(2, 3)), "expects [N, C, H, W] input", "[2, 3]"),
        ["optimizer over a tensor without requires_grad"] = Argument(() => new optim.SGD(new[] { ones(3) }, 0.1), "does not require grad"),
        ["optimizer with an empty parameter list"] = Argument(() => new optim.Adam(Array.Empty<Tensor>()), "empty parameter list"),
        ["optimizer with a negative learning rate"] = Argument(() => new optim.SGD(new[] { Leaf(2) }, -1), "learning rate must be >= 0"),
        ["SGD nesterov without momentum"] = Argument(() => new optim.SGD(new[] { Leaf(2) }, 0.1, nesterov: true), "Nesterov momentum needs momentum > 0"),
        ["load_state_dict: a missing key"] = Argument(() =>
        {
            using var m = new nn.Linear(2, 2);
            m.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = ones(2, 2) });
        }, "missing keys [bias]"),
    };

    public static TheoryData<string> Names => new(Table.Keys);

    [Fact]
    public void The_table_has_at_least_30_cases() => Assert.True(Table.Count >= 30, $"only {Table.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_input_raises_a_dotnet_exception_that_says_what_is_wrong(string name)
    {
        var c = Table[name];
        var e = Raise(c);
        Assert.IsAssignableFrom(c.Exception, e);
        foreach (var phrase in c.Phrases)
            Assert.True(e.Message.Contains(phrase, StringComparison.Ordinal), $"{name}: the message does not contain \"{phrase}\":\n{e.Message}");
        // libtorch's C++ source locations are stripped from the message.
        Assert.DoesNotContain("Exception raised from", e.Message, StringComparison.Ordinal);
        EngineStillWorks();
    }

    [Fact]
    public void Every_bad_input_in_a_row_leaves_the_engine_working()
    {
        foreach (var (name, c) in Table)
        {
            var e = Raise(c);
            Assert.True(c.Exception.IsInstanceOfType(e), $"{name}: {e.GetType().Name}: {e.Message}");
        }
        Assert.False(cuda.is_available(), "this machine has no CUDA: the \"cuda\" case assumes it");
        Assert.False(LibTorchAnomalyEnabled(), "anomaly detection was left on");
        EngineStillWorks();
    }

    [Fact]
    public void Allow_unused_gives_null_for_an_unused_input()
    {
        using var scope = NewDisposeScope();
        var (x, y) = (Leaf(3), Leaf(3));
        var grads = autograd.grad(new[] { (x * 2).sum() }, new[] { x, y }, allow_unused: true);
        Assert.Null(grads[1]);
        Assert.Equal(new float[] { 2, 2, 2 }, grads[0]!.data<float>());
    }

    [Fact]
    public void Backward_twice_works_with_retain_graph()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2 }, requires_grad: true);
        var loss = (x * x).sum();
        loss.backward(retain_graph: true);
        loss.backward();
        // Gradients accumulate: 2 * (2x).
        Assert.Equal(new float[] { 4, 8 }, x.grad!.data<float>());
    }

    [Fact]
    public void Cuda_is_not_available_on_this_machine() => Assert.False(cuda.is_available());

    private static Exception Raise(Case c)
    {
        using var scope = NewDisposeScope();
        var e = Record.Exception(c.Act);
        Assert.NotNull(e);
        return e!;
    }

    private static bool LibTorchAnomalyEnabled() => Native.LibTorch.mn_is_anomaly_enabled() != 0;

    /// <summary>A small forward and backward pass still gives the right numbers.</summary>
    private static void EngineStillWorks()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var loss = (w * w).sum();
        loss.backward();
        Assert.Equal(14.0, loss.item());
        Assert.Equal(new float[] { 2, 4, 6 }, w.grad!.data<float>());
    }
}
