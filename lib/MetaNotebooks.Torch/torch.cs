using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

/// <summary>
/// The PyTorch-style entry point: <c>torch.randn(3, 4)</c>, <c>torch.manual_seed(0)</c>, <c>torch.no_grad()</c>,
/// <c>torch.autograd.grad(...)</c>, <c>torch.nn.functional.relu(x)</c>. Lower-case on purpose, so that code reads
/// like the PyTorch the papers were written in.
/// </summary>
public static partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>The default floating-point element type of creation functions (float32).</summary>
    public static ScalarType default_dtype { get; set; } = ScalarType.Float32;

    /// <summary>A device by name: "cpu", "cuda", "cuda:1".</summary>
    public static Device device(string name) => Device.Parse(name);

    /// <summary>The libtorch version the native shim was built against.</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(LibTorch.mn_version()) ?? "?";

    /// <summary>Seeds every libtorch random generator (CPU and CUDA): the same seed gives the same numbers.</summary>
    public static void manual_seed(long seed) => TorchException.Check(LibTorch.mn_manual_seed(unchecked((ulong)seed)));

    /// <summary>The number of threads libtorch's CPU kernels use (the machine's core count unless set).</summary>
    public static int get_num_threads() => LibTorch.mn_get_num_threads();

    /// <summary>Sets the number of threads libtorch's CPU kernels use.</summary>
    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "set_num_threads needs at least 1 thread.");
        TorchException.Check(LibTorch.mn_set_num_threads(threads));
    }

    /// <summary>Opens a dispose scope: every tensor created until it is disposed is freed with it.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Disables gradient recording until disposed: <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static IDisposable no_grad() => new GradMode(false);

    /// <summary>Enables gradient recording until disposed (inside a no_grad block).</summary>
    public static IDisposable enable_grad() => new GradMode(true);

    /// <summary>Whether gradients are being recorded on this thread.</summary>
    public static bool is_grad_enabled() => LibTorch.mn_is_grad_enabled() != 0;

    /// <summary>Anomaly detection: backward raises an error naming the op that produced NaN.</summary>
    public static void set_detect_anomaly(bool enabled) => LibTorch.mn_set_anomaly_enabled(enabled ? 1 : 0);

    private sealed class GradMode : IDisposable
    {
        private readonly int _previous;
        private bool _done;

        public GradMode(bool enabled) => _previous = LibTorch.mn_set_grad_enabled(enabled ? 1 : 0);

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            LibTorch.mn_set_grad_enabled(_previous);
        }
    }

    /// <summary>CUDA devices.</summary>
    public static class cuda
    {
        /// <summary>True when a CUDA GPU and a CUDA-enabled libtorch are present.</summary>
        public static bool is_available() => device_count() > 0;

        /// <summary>The number of CUDA GPUs libtorch can use.</summary>
        public static int device_count() => LibTorch.mn_cuda_device_count();

        /// <summary>Waits for all queued GPU work (for timing).</summary>
        public static void synchronize() => TorchException.Check(LibTorch.mn_cuda_synchronize());
    }

    // ---- creation ----
    private static (int dt, int dev, int di, int rg) Opts(ScalarType? dtype, Device? device, bool requiresGrad, ScalarType fallback)
    {
        var d = device ?? CPU;
        return ((int)(dtype ?? fallback), (int)d.Type, d.Index, requiresGrad ? 1 : 0);
    }

    public static Tensor zeros(params long[] size) => zeros(size, null);
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_zeros(size, size.Length, dt, dev, di, rg));
    }

    public static Tensor ones(params long[] size) => ones(size, null);
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_ones(size, size.Length, dt, dev, di, rg));
    }

    public static Tensor empty(params long[] size) => empty(size, null);
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_empty(size, size.Length, dt, dev, di, rg));
    }

    public static Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_full(size, size.Length, value, 0, dt, dev, di, rg));
    }

    public static Tensor full(long[] size, long value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, ScalarType.Int64);
        return new Tensor(LibTorch.mn_full(size, size.Length, value, 1, dt, dev, di, rg));
    }

    /// <summary>0, 1, ..., end-1 as int64.</summary>
    public static Tensor arange(long end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    /// <summary>start, start+step, ... (below end) as int64.</summary>
    public static Tensor arange(long start, long end, long step = 1, ScalarType? dtype = null, Device? device = null)
    {
        var (dt, dev, di, _) = Opts(dtype, device, false, ScalarType.Int64);
        return new Tensor(LibTorch.mn_arange(start, end, step, dt, dev, di, 0));
    }

    /// <summary>start, start+step, ... (below end) as float32.</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_arange(start, end, step, dt, dev, di, rg));
    }

    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_linspace(start, end, steps, dt, dev, di, rg));
    }

    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_eye(n, m ?? n, dt, dev, di, rg));
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor rand(params long[] size) => rand(size, null);
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_rand(size, size.Length, dt, dev, di, rg));
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(params long[] size) => randn(size, null);
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (dt, dev, di, rg) = Opts(dtype, device, requires_grad, default_dtype);
        return new Tensor(LibTorch.mn_randn(size, size.Length, dt, dev, di, rg));
    }

    /// <summary>Uniform integers in [low, high), int64.</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        var (dt, dev, di, _) = Opts(dtype, device, false, ScalarType.Int64);
        return new Tensor(LibTorch.mn_randint(low, high, size, size.Length, dt, dev, di));
    }

    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null) => randint(0, high, size, dtype, device);

    /// <summary>A random permutation of 0..n-1, int64.</summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null)
    {
        var (dt, dev, di, _) = Opts(dtype, device, false, ScalarType.Int64);
        return new Tensor(LibTorch.mn_randperm(n, dt, dev, di));
    }

    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null, bool requires_grad = false) => zeros(t.shape, dtype ?? t.dtype, t.device, requires_grad);
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null, bool requires_grad = false) => ones(t.shape, dtype ?? t.dtype, t.device, requires_grad);
    public static Tensor empty_like(Tensor t, ScalarType? dtype = null) => empty(t.shape, dtype ?? t.dtype, t.device);
    public static Tensor full_like(Tensor t, double value, ScalarType? dtype = null) => full(t.shape, value, dtype ?? t.dtype, t.device);
    public static Tensor rand_like(Tensor t, ScalarType? dtype = null) => rand(t.shape, dtype ?? t.dtype, t.device);
    public static Tensor randn_like(Tensor t, ScalarType? dtype = null) => randn(t.shape, dtype ?? t.dtype, t.device);

    /// <summary>A tensor holding a copy of the values (row-major); shape defaults to 1-D.</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        where T : unmanaged
    {
        shape ??= new long[] { data.Length };
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"tensor: {data.Length} values do not fill shape {Tensor.FormatShape(shape)} ({count} elements).", nameof(shape));
        var natural = ScalarTypes.Of<T>();
        var d = device ?? CPU;
        Tensor t;
        fixed (T* p = data)
            t = new Tensor(LibTorch.mn_from_data(p, shape, shape.Length, (int)natural, (int)d.Type, d.Index,
                requires_grad && (dtype ?? natural) == natural ? 1 : 0));
        if (dtype is null || dtype == natural) return t;
        using (t)
        {
            var converted = t.to(dtype.Value);
            if (requires_grad) converted.requires_grad = true;
            return converted;
        }
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        where T : unmanaged => tensor((ReadOnlySpan<T>)data, shape, dtype, device, requires_grad);

    /// <summary>A matrix from a 2-D array.</summary>
    public static Tensor tensor<T>(T[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor(MultiDim<T>(data), new long[] { data.GetLength(0), data.GetLength(1) }, dtype, device, requires_grad);

    /// <summary>A 3-D tensor from a 3-D array.</summary>
    public static Tensor tensor<T>(T[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor(MultiDim<T>(data), new long[] { data.GetLength(0), data.GetLength(1), data.GetLength(2) }, dtype, device, requires_grad);

    /// <summary>A 0-d tensor holding one value (float32 unless dtype says otherwise).</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        tensor(new[] { value }, Array.Empty<long>(), dtype ?? default_dtype, device, requires_grad);

    private static ReadOnlySpan<T> MultiDim<T>(Array a) where T : unmanaged =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length);

    // ---- functions over several tensors ----
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Many(tensors, (p, n) => LibTorch.mn_cat(p, n, dim));
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Many(tensors, (p, n) => LibTorch.mn_stack(p, n, dim));
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(LibTorch.mn_where(condition.Handle, x.Handle, y.Handle));
    public static Tensor einsum(string equation, params Tensor[] operands) => Many(operands, (p, n) => LibTorch.mn_einsum(equation, p, n));
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sin(Tensor x) => x.sin();
    public static Tensor cos(Tensor x) => x.cos();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    public static Tensor pow(Tensor x, double exponent) => x.pow(exponent);
    public static Tensor logsumexp(Tensor x, long dim, bool keepdim = false) => x.logsumexp(dim, keepdim);
    public static Tensor cdist(Tensor a, Tensor b, double p = 2) => nn.functional.cdist(a, b, p);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);

    /// <summary>Calls a native function on an array of handles, keeping the tensors alive across the call.</summary>
    internal static Tensor Many(IReadOnlyList<Tensor> tensors, Func<IntPtr[], int, IntPtr> call)
    {
        var handles = Handles(tensors);
        var result = call(handles, handles.Length);
        GC.KeepAlive(tensors);
        return new Tensor(result);
    }

    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++)
            handles[i] = (tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"tensor {i} of the list is null")).Handle.DangerousGetHandle();
        return handles;
    }
}
