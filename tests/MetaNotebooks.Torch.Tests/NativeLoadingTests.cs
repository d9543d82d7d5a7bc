namespace MetaNotebooks.Torch.Tests;

/// <summary>
/// Loading the native shim: when it cannot be found or loaded, the error a user sees names the folders searched and the fix.
/// Each case runs in a child process, because a process loads the library once.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class NativeLoadingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mn-native-" + Guid.NewGuid().ToString("N"));

    public NativeLoadingTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_probe_loads_the_library_from_the_build_output()
    {
        var r = ChildProcess.Run(new[] { "native-probe" });
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("loaded 2", r.Stdout.Trim());
    }

    [Fact]
    public void A_missing_native_library_gives_an_error_that_names_the_fix()
    {
        // A copy of the app without runtimes/ (where the build puts the library) and an empty METANB_NATIVE_DIR:
        // no candidate path holds the library.
        var app = Path.Combine(_dir, "app");
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(app);
        Directory.CreateDirectory(empty);
        foreach (var file in Directory.GetFiles(ChildProcess.OutputDirectory))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        Assert.Empty(Directory.GetFiles(app, "*.so", SearchOption.AllDirectories));

        var r = ChildProcess.Run(new[] { "native-probe" }, new Dictionary<string, string?> { ["METANB_NATIVE_DIR"] = empty }, app);
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        var lines = r.Stdout.Split('\n', 2);
        // The exception a user catches (not a TypeInitializationException hiding the message).
        Assert.Equal(typeof(DllNotFoundException).FullName, lines[0].Trim());
        var message = lines[1];
        Assert.Contains("libmetanb_native.so) was not found", message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(empty, "libmetanb_native.so"), message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(app, "runtimes", "linux-x64", "native", "libmetanb_native.so"), message, StringComparison.Ordinal);
        Assert.Contains("bash scripts/setup.sh", message, StringComparison.Ordinal);
        Assert.Contains("METANB_NATIVE_DIR", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_native_library_that_cannot_be_loaded_names_libtorch_and_the_fix()
    {
        // METANB_NATIVE_DIR is searched first: put a file there that is not a loadable library.
        var broken = Path.Combine(_dir, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "libmetanb_native.so"), "not an ELF file");

        var r = ChildProcess.Run(new[] { "native-probe" }, new Dictionary<string, string?> { ["METANB_NATIVE_DIR"] = broken });
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        var lines = r.Stdout.Split('\n', 2);
        Assert.Equal(typeof(DllNotFoundException).FullName, lines[0].Trim());
        var message = lines[1];
        Assert.Contains($"was found at {Path.Combine(broken, "libmetanb_native.so")} but could not be loaded", message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libtorch-dev", message, StringComparison.Ordinal);
        Assert.Contains("LD_LIBRARY_PATH", message, StringComparison.Ordinal);
    }

    [Fact]
    public void METANB_NATIVE_DIR_pointing_at_the_real_library_loads_it()
    {
        var only = Path.Combine(_dir, "only");
        Directory.CreateDirectory(only);
        File.Copy(Path.Combine(ChildProcess.OutputDirectory, "runtimes", "linux-x64", "native", "libmetanb_native.so"),
            Path.Combine(only, "libmetanb_native.so"));
        var app = Path.Combine(_dir, "app2");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(ChildProcess.OutputDirectory))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        var r = ChildProcess.Run(new[] { "native-probe" }, new Dictionary<string, string?> { ["METANB_NATIVE_DIR"] = only }, app);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("loaded 2", r.Stdout.Trim());
    }
}
