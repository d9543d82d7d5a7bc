using System.Runtime.CompilerServices;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// The test run's libtorch thread count is the one `scripts/test.sh` pins (METANB_NUM_THREADS), as in the notebooks and
/// metanb; tests that need one thread still say so (<see cref="SingleThread"/>).
/// </summary>
internal static class TestThreads
{
    [ModuleInitializer]
    internal static void Apply() => Devices.UseThreads();
}
