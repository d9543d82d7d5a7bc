using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace MetaNotebooks.Tensors;

/// <summary>
/// Applies <c>METANB_LIBTORCH</c> (<see cref="LibTorchFolder.Load"/>) when this library is first touched: the one point
/// that runs before TorchSharp loads libtorch in the CLI, the tests and the notebooks alike.
/// </summary>
internal static class LibTorchFirst
{
    /// <summary>Loads libtorch from <c>METANB_LIBTORCH</c>'s folder, if set; an error waits for <see cref="Devices"/> and metanb to report it.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "libtorch must come from METANB_LIBTORCH's folder before any TorchSharp call, whichever code of the library runs first.")]
    internal static void Apply()
    {
        try
        {
            LibTorchFolder.Load();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Reported by Devices.Choose, by metanb at its start, and by TorchSharp's own calls (LibTorchFolder refuses them).
        }
    }
}
