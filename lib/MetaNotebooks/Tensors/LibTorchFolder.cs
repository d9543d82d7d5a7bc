using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace MetaNotebooks.Tensors;

/// <summary>
/// Where libtorch comes from: the restored NuGet package beside <c>TorchSharp.dll</c>, or, when <c>METANB_LIBTORCH</c>
/// names a folder (an installed PyTorch's <c>torch/lib</c>), that folder's libraries. <see cref="Load"/> loads them by
/// full path before TorchSharp loads its native backend, so that <c>libLibTorchSharp.so</c>'s needs (libtorch.so,
/// libc10.so, libtorch_cpu.so, by soname) are met by them. TorchSharp's own loader also loads libtorch_cpu.so by path
/// from its folder (its static constructor does, through <c>torch.CPU</c>, and no DllImportResolver sees that load), so
/// the build in use must carry no libtorch beside TorchSharp.dll: <c>-p:TorchBackend=external</c>, or the GPU kit.
/// It runs once per process, first from this library's module initializer (<see cref="LibTorchFirst"/>), so the CLI,
/// the tests and the notebooks get it before their first TorchSharp call. Linux only.
/// </summary>
public static class LibTorchFolder
{
    /// <summary>The environment variable naming the folder that holds libtorch.so.</summary>
    public const string Variable = "METANB_LIBTORCH";

    /// <summary>The libraries loaded from the folder, in dependency order; the CUDA ones only when present.</summary>
    private static readonly (string File, bool Required)[] Libraries =
    {
        ("libc10.so", true), ("libc10_cuda.so", false), ("libtorch_cpu.so", true), ("libtorch_cuda.so", false), ("libtorch.so", true),
    };

    /// <summary>
    /// The libtorch this build carries (MSBuild's <c>TorchBackend</c>): cpu (the restored CPU package), cuda
    /// (TorchSharp-cuda-linux) or external (none: <c>METANB_LIBTORCH</c> must name one).
    /// </summary>
    public static string BuildBackend { get; } =
        typeof(LibTorchFolder).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    private static readonly object Gate = new();
    private static bool _applied;
    private static string? _folder;
    private static ExceptionDispatchInfo? _error;

    /// <summary>
    /// The folder libtorch was loaded from (<c>METANB_LIBTORCH</c>, full path), or null when the restored package is used.
    /// Applies the variable first if that has not happened yet.
    /// </summary>
    /// <exception cref="ArgumentException">The variable names no folder, or one without libtorch.so, libc10.so or libtorch_cpu.so.</exception>
    /// <exception cref="InvalidOperationException">The libraries could not be loaded, or libtorch was loaded before the variable could apply.</exception>
    public static string? InUse
    {
        get
        {
            Load();
            return _folder;
        }
    }

    /// <summary>
    /// Applies <c>METANB_LIBTORCH</c> once per process (later calls repeat the first call's outcome): unset or empty does
    /// nothing; a folder holding libtorch is loaded from. Throws the first call's error again on every later call.
    /// </summary>
    /// <exception cref="ArgumentException">The variable names no folder, or one without libtorch.so, libc10.so or libtorch_cpu.so.</exception>
    /// <exception cref="InvalidOperationException">The libraries could not be loaded, or libtorch was loaded before the variable could apply.</exception>
    public static void Load()
    {
        lock (Gate)
        {
            if (!_applied)
            {
                _applied = true;
                try
                {
                    _folder = Apply(Environment.GetEnvironmentVariable(Variable));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    _error = ExceptionDispatchInfo.Capture(e);
                    RefuseTorchSharpCalls(e);
                }
            }
        }
        _error?.Throw();
    }

    /// <summary>
    /// Throws when CUDA is asked for (<paramref name="device"/> is cuda or cuda:N) and libtorch comes from a folder without
    /// libtorch_cuda.so (a CPU-only PyTorch); does nothing otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">CUDA was asked for and the folder in use has no libtorch_cuda.so.</exception>
    public static void RequireCudaIfAsked(string device)
    {
        var value = device.Trim().ToLowerInvariant();
        if (value != "cuda" && !value.StartsWith("cuda:", StringComparison.Ordinal)) return;
        if (InUse is { } folder) CheckCuda(device, folder);
    }

    /// <summary>The rule of <see cref="RequireCudaIfAsked"/> for a folder in use: it must hold libtorch_cuda.so.</summary>
    /// <exception cref="ArgumentException">It holds none.</exception>
    internal static void CheckCuda(string device, string folder)
    {
        if (!File.Exists(Path.Combine(folder, "libtorch_cuda.so")))
            throw new ArgumentException(
                $"Device {device} asks for CUDA, but {Variable}={folder} holds no libtorch_cuda.so: that PyTorch is a CPU-only build. " +
                $"Point {Variable} at the torch/lib folder of a CUDA build of PyTorch " +
                "(python3 -c \"import torch, os; print(os.path.dirname(torch.__file__) + '/lib')\"), or use the device cpu.");
    }

    /// <summary>
    /// The full paths of the libtorch libraries mapped into this process (libc10*, libtorch*, libLibTorchSharp), from
    /// <c>/proc/self/maps</c>; empty where that file does not exist.
    /// </summary>
    public static IReadOnlyList<string> Mapped()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return Array.Empty<string>();
        var result = new List<string>();
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) continue;
            var path = line[slash..];
            var name = Path.GetFileName(path);
            if ((name.StartsWith("libtorch", StringComparison.Ordinal) || name.StartsWith("libc10", StringComparison.Ordinal)
                 || name == "libLibTorchSharp.so") && !result.Contains(path))
                result.Add(path);
        }
        return result;
    }

    /// <summary>Checks the folder named by <paramref name="value"/> and loads its libraries; returns its full path, or null when unset.</summary>
    private static string? Apply(string? value)
    {
        var torchSharpFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
        var folder = Check(value, torchSharpFolder, BuildBackend);
        if (folder is null) return null;
        var elsewhere = Mapped().Where(p => Path.GetFileName(p) != "libLibTorchSharp.so" && Path.GetDirectoryName(p) != folder).ToList();
        if (elsewhere.Count > 0)
            throw new InvalidOperationException(
                $"{Variable}={value} came too late: libtorch was already loaded from {Path.GetDirectoryName(elsewhere[0])} before the course could load it " +
                $"from there. Set {Variable} before the process (or the notebook's kernel) starts, and restart it.");
        foreach (var (file, required) in Libraries)
        {
            var path = Path.Combine(folder, file);
            if (!required && !File.Exists(path)) continue;
            try
            {
                NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new InvalidOperationException(
                    $"{Variable}={value}: {file} could not be loaded ({e.Message}). The folder must hold a complete libtorch for this machine " +
                    "(an installed PyTorch's torch/lib, with its dependencies where PyTorch put them).", e);
            }
        }
        return folder;
    }

    /// <summary>
    /// The rules, without loading anything: <paramref name="value"/> (the variable) unset is fine except in an external
    /// build (<paramref name="backend"/>) without a libtorch beside TorchSharp; set, it must name a folder holding libc10.so,
    /// libtorch_cpu.so and libtorch.so, and TorchSharp's folder must hold no libtorch of its own. Returns the folder's full
    /// path, or null when unset.
    /// </summary>
    /// <exception cref="ArgumentException">The variable names no folder, or one without the libraries; or it is unset where it is needed.</exception>
    /// <exception cref="InvalidOperationException">A libtorch sits beside TorchSharp.dll as well.</exception>
    internal static string? Check(string? value, string torchSharpFolder, string backend)
    {
        const string where = "e.g. an installed PyTorch's torch/lib (python3 -c \"import torch, os; print(os.path.dirname(torch.__file__) + '/lib')\")";
        var ownLibTorch = new[] { "libtorch_cpu.so", "libtorch_cuda.so" }.Where(f => File.Exists(Path.Combine(torchSharpFolder, f))).ToList();
        if (string.IsNullOrWhiteSpace(value))
        {
            if (backend == "external" && ownLibTorch.Count == 0)
                throw new ArgumentException(
                    $"This build carries no libtorch beside TorchSharp.dll ({torchSharpFolder}: built with -p:TorchBackend=external, or the GPU kit): " +
                    $"set {Variable} to the folder that holds libtorch.so, {where}.");
            return null;
        }
        if (!OperatingSystem.IsLinux())
            throw new ArgumentException($"{Variable}={value}: loading libtorch from a folder is supported on Linux only; unset {Variable}.");
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(value.Trim()));
        if (!Directory.Exists(folder))
            throw new ArgumentException(
                $"{Variable}={value} is not a folder: set it to the folder that holds libtorch.so, {where}, or unset it to use the restored CPU libtorch.");
        var missing = Libraries.Where(l => l.Required && !File.Exists(Path.Combine(folder, l.File))).Select(l => l.File).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"{Variable}={value} holds no {string.Join(", no ", missing)}: set it to the folder that holds libtorch.so, {where}, " +
                "or unset it to use the restored CPU libtorch.");
        if (ownLibTorch.Count > 0 && Path.GetFullPath(torchSharpFolder) != folder)
            throw new InvalidOperationException(
                $"{Variable}={value} is set, but this build carries its own libtorch beside TorchSharp.dll ({Path.Combine(torchSharpFolder, ownLibTorch[0])}), " +
                "which TorchSharp loads by path whatever is loaded already: two libtorch in one process abort it. Use a build without it: " +
                "TorchBackend=external bash scripts/setup.sh (or dotnet build -p:TorchBackend=external), or the GPU kit (scripts/gpu-kit.sh); " +
                $"or unset {Variable} to use the libtorch beside TorchSharp.dll.");
        return folder;
    }

    /// <summary>After a failed <see cref="Load"/>: TorchSharp's native calls throw its error instead of running on the restored CPU libtorch.</summary>
    private static void RefuseTorchSharpCalls(Exception error)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) =>
            {
                if (name == "LibTorchSharp") ExceptionDispatchInfo.Throw(error);
                return IntPtr.Zero;
            });
        }
        catch (InvalidOperationException)
        {
            // Another resolver was set for TorchSharp already: its calls are that code's business.
        }
    }
}
