using System.CommandLine;
using System.Runtime.InteropServices;
using MetaNotebooks.Tensors;
using TorchSharp;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb info</c>: what this process runs on: the device (<see cref="Devices.Default"/>), CUDA, libtorch's threads,
/// the runtime, and where libtorch was loaded from (<c>METANB_LIBTORCH</c>, and every libtorch library in /proc/self/maps).
/// </summary>
public static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("info", "Print the device, CUDA, threads, the runtime, and the libtorch libraries this process loaded.");
        command.SetAction(_ =>
        {
            try
            {
                Write(Console.Out);
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>Writes one "key: value" line per fact, then one "mapped: path" line per libtorch library in the process.</summary>
    public static void Write(TextWriter output)
    {
        var device = Devices.Default;
        output.WriteLine($"device: {Devices.Describe(device)}");
        output.WriteLine($"cuda: {(torch.cuda.is_available() ? $"available, {torch.cuda.device_count()} device(s)" : "not available")}");
        output.WriteLine($"threads: {torch.get_num_threads()}");
        output.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} ({RuntimeEnvironment.GetRuntimeDirectory()})");
        output.WriteLine($"torchsharp: {typeof(torch).Assembly.GetName().Version?.ToString(3)} ({Path.GetDirectoryName(typeof(torch).Assembly.Location)})");
        output.WriteLine($"libtorch: {LibTorchFolder.InUse ?? "beside TorchSharp.dll"} (build: TorchBackend={LibTorchFolder.BuildBackend})");
        foreach (var path in LibTorchFolder.Mapped()) output.WriteLine($"mapped: {path}");
    }
}
