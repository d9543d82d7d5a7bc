using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// The one place the course chooses where tensors live and how many CPU threads libtorch uses. The device is CUDA when
/// TorchSharp sees a GPU, unless <c>METANB_DEVICE</c> (cpu, cuda, cuda:1, ...) or an argument says otherwise; the
/// thread count (<see cref="UseThreads"/>) is an explicit <c>--threads</c>, else <c>METANB_NUM_THREADS</c>, else libtorch's default.
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

    /// <summary>Makes <paramref name="device"/> (e.g. "cpu", "cuda") the default from now on; <paramref name="source"/> names where the name came from in errors (default: the variable).</summary>
    public static Device Use(string device, string? source = null) => _default = Choose(device, source);

    /// <summary>
    /// The device named by <paramref name="name"/>: "cpu", "cuda" or "cuda:N"; null or empty picks CUDA when available,
    /// else the CPU. Asking for CUDA where there is none is an error that says so; <paramref name="source"/> says where the
    /// name came from (e.g. "--device cuda"; default: <c>METANB_DEVICE=...</c>).
    /// </summary>
    public static Device Choose(string? name, string? source = null)
    {
        LibTorchFolder.Load();
        UseThreads();
        if (string.IsNullOrWhiteSpace(name)) return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        var value = name.Trim().ToLowerInvariant();
        if (value == "cpu") return torch.CPU;
        if (value == "cuda" || value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            LibTorchFolder.RequireCudaIfAsked(name);
            if (!torch.cuda.is_available())
                throw new ArgumentException(
                    $"{source ?? $"{DeviceVariable}={name}"} asks for a CUDA GPU, but TorchSharp sees none: this build uses the CPU libtorch " +
                    $"(build with -p:TorchBackend=cuda, or with -p:TorchBackend=external and {LibTorchFolder.Variable} set to a CUDA PyTorch's torch/lib, on a machine with an NVIDIA GPU), " +
                    "or no GPU is visible. Use cpu, or leave it unset.");
            return torch.device(value);
        }
        throw new ArgumentException($"Unknown device \"{name}\" in {source ?? DeviceVariable}: use cpu, cuda or cuda:N.");
    }

    /// <summary>
    /// Moves <paramref name="modules"/> to <paramref name="device"/> (<see cref="Default"/> when null) and returns it: what a
    /// learner's constructor calls once its modules exist, before it lists their parameters (moving replaces them). Weights
    /// are initialised on the CPU first, so a seed gives the same initial weights on every device.
    /// </summary>
    public static Device Place(Device? device, params torch.nn.Module[] modules)
    {
        var target = device ?? Default;
        foreach (var module in modules) module.to(target);
        return target;
    }

    private static int? _threads;

    /// <summary>
    /// Sets libtorch's CPU (intra-op) thread count; the only code in the library and the CLI that does. The rule: an
    /// explicit <paramref name="threads"/> (<c>--threads</c>) wins and stays in force for the rest of the process, else
    /// <c>METANB_NUM_THREADS</c>, else libtorch's default (left as it is). Returns the count in force.
    /// </summary>
    /// <exception cref="ArgumentException">The count or the variable is not a positive integer; the message names it and says what to do.</exception>
    public static int UseThreads(int? threads = null)
    {
        if (ChooseThreads(threads ?? _threads, Environment.GetEnvironmentVariable(ThreadsVariable)) is { } count)
        {
            if (threads is not null) _threads = count;
            if (torch.get_num_threads() != count) torch.set_num_threads(count);
        }
        return torch.get_num_threads();
    }

    /// <summary>
    /// The rule of <see cref="UseThreads"/> on its inputs: <paramref name="threads"/> when given, else the value of
    /// <c>METANB_NUM_THREADS</c> (<paramref name="variable"/>), else null (libtorch's default).
    /// </summary>
    /// <exception cref="ArgumentException">The count that applies is not a positive integer; the message names the option or the variable.</exception>
    public static int? ChooseThreads(int? threads, string? variable)
    {
        if (threads is { } count)
        {
            if (count < 1)
                throw new ArgumentException(
                    $"--threads must be a positive integer, not {count}: give the number of CPU threads libtorch may use (1 is fastest on a busy machine), " +
                    $"or leave it out to use {ThreadsVariable}, else libtorch's default.");
            return count;
        }
        if (string.IsNullOrWhiteSpace(variable)) return null;
        if (!int.TryParse(variable.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured) || configured < 1)
            throw new ArgumentException(
                $"{ThreadsVariable}={variable} is not a positive integer: set it to the number of CPU threads libtorch may use (e.g. 2), " +
                "or unset it to use libtorch's default.");
        return configured;
    }

    /// <summary>The thread count <c>METANB_NUM_THREADS</c> asks for, or null when it is unset; an error when it is not a positive integer.</summary>
    public static int? ConfiguredThreads() => ChooseThreads(null, Environment.GetEnvironmentVariable(ThreadsVariable));

    /// <summary>"cpu (2 threads)" or "cuda:0 (NVIDIA H100 ...)": what the setup cells print.</summary>
    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA
            ? $"{device} ({torch.cuda.device_count()} CUDA device(s))"
            : $"cpu ({torch.get_num_threads()} threads)";
}
