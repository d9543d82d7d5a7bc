using System.CommandLine;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>--device cpu|cuda|cuda:N</c> on every command: the run's device, chosen once before the command starts
/// (<see cref="Devices.Use"/>) and passed on to the notebook kernels that <c>metanb run</c> starts (as
/// <c>METANB_DEVICE</c>). Without it, <c>METANB_DEVICE</c> applies, else CUDA when TorchSharp sees a GPU, else the CPU.
/// A device that is not there is refused before anything runs.
/// </summary>
public static class DeviceOption
{
    /// <summary>The option, recursive: it may follow any subcommand.</summary>
    public static Option<string?> Create() => new("--device")
    {
        Description = $"Where tensors live: cpu, cuda or cuda:N (default: ${Devices.DeviceVariable}, else cuda when a GPU is visible, else cpu).",
        Recursive = true,
    };

    /// <summary>
    /// Chooses the device named by <paramref name="name"/> (or by <c>METANB_DEVICE</c> when it is null and the variable is
    /// set); writes the reason to <paramref name="error"/> and returns false when that device cannot be used.
    /// </summary>
    public static bool Apply(string? name, TextWriter error)
    {
        var asked = name ?? Environment.GetEnvironmentVariable(Devices.DeviceVariable);
        if (string.IsNullOrWhiteSpace(asked)) return true;
        try
        {
            var device = Devices.Use(asked, name is null ? null : $"--device {asked}");
            Environment.SetEnvironmentVariable(Devices.DeviceVariable, asked.Trim());
            error.WriteLine($"device: {Devices.Describe(device)}");
            return true;
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return false;
        }
    }
}
