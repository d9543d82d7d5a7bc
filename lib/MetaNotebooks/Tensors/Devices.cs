using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// The one place the course chooses where tensors live and how many CPU threads libtorch uses. The device is CUDA when
/// TorchSharp sees a GPU, unless <c>METANB_DEVICE</c> (cpu, cuda, cuda:1, ...) or an argument says otherwise; the
/// thread count is libtorch's default unless <c>METANB_NUM_THREADS</c> says otherwise.
/// </summary>
public static class Devices
{
    /// <summary>The environment variable that picks the device.</summary>
    public const string DeviceVariable = "METANB_DEVICE";

    /// <summary>The environment variable that sets libtorch's intra-op thread count.</summary>
    public const string ThreadsVariable = "METANB_NUM_THREADS";

    private static Device? _default;

    /// <summary>The device every learner, sampler and notebook uses unless told otherwise.</summary>
    public static Device Default => _default ??= Choose(Environment.GetEnvironmentVariable(DeviceVariable));

    /// <summary>Makes <paramref name="device"/> (e.g. "cpu", "cuda") the default from now on.</summary>
    public static Device Use(string device) => _default = Choose(device);

    /// <summary>
    /// The device named by <paramref name="name"/>: "cpu", "cuda" or "cuda:N"; null or empty picks CUDA when available,
    /// else the CPU. Asking for CUDA where there is none is an error that says so.
    /// </summary>
    public static Device Choose(string? name)
    {
        ApplyThreads();
        if (string.IsNullOrWhiteSpace(name)) return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        var value = name.Trim().ToLowerInvariant();
        if (value == "cpu") return torch.CPU;
        if (value == "cuda" || value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException(
                    $"{DeviceVariable}={name} asks for a CUDA GPU, but TorchSharp sees none: this build uses the CPU libtorch " +
                    "(build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU), or no GPU is visible. Use cpu, or leave it unset.");
            return torch.device(value);
        }
        throw new ArgumentException($"Unknown device \"{name}\" in {DeviceVariable}: use cpu, cuda or cuda:N.");
    }

    /// <summary>Sets libtorch's thread count from <c>METANB_NUM_THREADS</c> when it is set (a positive integer).</summary>
    public static void ApplyThreads()
    {
        if (ConfiguredThreads() is { } threads && torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    /// <summary>The thread count <c>METANB_NUM_THREADS</c> asks for, or null when it is unset; an error when it is not a positive integer.</summary>
    public static int? ConfiguredThreads()
    {
        var text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!int.TryParse(text, out var threads) || threads <= 0)
            throw new ArgumentException($"{ThreadsVariable}={text} is not a positive integer.");
        return threads;
    }

    /// <summary>"cpu (2 threads)" or "cuda:0 (NVIDIA H100 ...)": what the setup cells print.</summary>
    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA
            ? $"{device} ({torch.cuda.device_count()} CUDA device(s))"
            : $"cpu ({torch.get_num_threads()} threads)";
}
