using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Interactive;

/// <summary>
/// Runs MetaNotebooks' module initializer (which applies <c>METANB_LIBTORCH</c>, <see cref="LibTorchFolder"/>) as soon as a
/// notebook's <c>#r</c> of this assembly is first used, before anything here can reach TorchSharp.
/// </summary>
internal static class LibTorchFirst
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "libtorch must come from METANB_LIBTORCH's folder before any TorchSharp call a notebook makes.")]
    internal static void Apply() => RuntimeHelpers.RunModuleConstructor(typeof(LibTorchFolder).Module.ModuleHandle);
}
