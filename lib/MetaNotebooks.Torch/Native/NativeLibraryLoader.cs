using System.Reflection;
using System.Runtime.InteropServices;

namespace MetaNotebooks.Torch.Native;

/// <summary>
/// Finds the native shim (libmetanb_native.so) the same way from an app, a test, a NuGet package and a
/// notebook's #r: the folder in METANB_NATIVE_DIR, next to this assembly, then runtimes/linux-x64/native
/// beside it or beside the application. A missing libtorch gives an error that names the fix.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "metanb_native";
    internal const string FileName = "libmetanb_native.so";
    internal const string DirectoryVariable = "METANB_NATIVE_DIR";
    private static int _registered;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var candidates = CandidatePaths().ToList();
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            throw new DllNotFoundException(
                $"The MetaNotebooks native library ({FileName}) was not found. Looked in: {string.Join(", ", candidates)}. " +
                "Build the solution (bash scripts/setup.sh, or dotnet build) so it is built and copied next to " +
                $"MetaNotebooks.Torch.dll, or set {DirectoryVariable} to the folder that holds it.");
        }
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                $"{FileName} was found at {path} but could not be loaded: {e.Message}. " +
                "It needs libtorch: install it with 'apt-get install libtorch-dev' (Debian 12), or run " +
                "'bash scripts/setup.sh', which installs everything the project needs. A libtorch built elsewhere " +
                "must be on the loader path (LD_LIBRARY_PATH).", e);
        }
    }

    private static IEnumerable<string> CandidatePaths()
    {
        var fromEnv = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnv)) yield return Path.Combine(fromEnv, FileName);
        var rid = Path.Combine("runtimes", "linux-x64", "native");
        foreach (var dir in new[] { Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location), AppContext.BaseDirectory }
                     .Where(d => !string.IsNullOrEmpty(d)).Distinct())
        {
            yield return Path.Combine(dir!, FileName);
            yield return Path.Combine(dir!, rid, FileName);
        }
    }
}
