using System.Diagnostics;

namespace MetaNotebooks.Cli.Tests;

/// <summary>
/// <c>METANB_LIBTORCH</c> in a child <c>metanb info</c>: a build without libtorch beside TorchSharp.dll (the test's own
/// assemblies copied to a temp folder, as the GPU kit publishes them) loads libtorch from the folder the variable names
/// (here the test's output folder, which holds the restored CPU libtorch), as /proc/self/maps shows, and no libtorch from
/// its own folder; the mistakes exit 2 with a message that says what to do.
/// </summary>
public sealed class MetanbLibTorchTests : IDisposable
{
    private static readonly string Bin = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
    private readonly string _app = Path.Combine(Path.GetTempPath(), $"metanb-libtorch-{Guid.NewGuid():N}");

    public MetanbLibTorchTests()
    {
        // The managed assemblies and TorchSharp's native library, without libtorch and without metanb.deps.json (which
        // lists the CPU libtorch): what `gpu-kit.sh` publishes with -p:TorchBackend=external.
        Directory.CreateDirectory(_app);
        foreach (var file in Directory.GetFiles(Bin, "*.dll").Append(Path.Combine(Bin, "metanb.runtimeconfig.json")).Append(Path.Combine(Bin, "libLibTorchSharp.so")))
            File.Copy(file, Path.Combine(_app, Path.GetFileName(file)));
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);

    [Fact]
    public void Libtorch_is_mapped_from_the_named_folder_only()
    {
        var (code, output) = Metanb(_app, new() { ["METANB_LIBTORCH"] = Bin }, "info");
        Assert.True(code == 0, output);
        Assert.Contains($"libtorch: {Bin}", output);
        var mapped = output.Split('\n').Where(l => l.StartsWith("mapped: ", StringComparison.Ordinal)).Select(l => l["mapped: ".Length..].Trim()).ToList();
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
            Assert.Equal([Path.Combine(Bin, name)], mapped.Where(p => Path.GetFileName(p) == name));
        Assert.Equal([Path.Combine(_app, "libLibTorchSharp.so")], mapped.Where(p => Path.GetFileName(p) == "libLibTorchSharp.so"));
        Assert.DoesNotContain(mapped, p => p.StartsWith(_app, StringComparison.Ordinal) && Path.GetFileName(p) != "libLibTorchSharp.so");
    }

    [Fact]
    public void A_folder_that_is_missing_or_lacks_libtorch_is_named()
    {
        var missing = Path.Combine(_app, "no-such-folder");
        var (code, output) = Metanb(_app, new() { ["METANB_LIBTORCH"] = missing }, "info");
        Assert.Equal(2, code);
        Assert.Contains($"METANB_LIBTORCH={missing} is not a folder: set it to the folder that holds libtorch.so", output);

        (code, output) = Metanb(_app, new() { ["METANB_LIBTORCH"] = _app }, "info");
        Assert.Equal(2, code);
        Assert.Contains($"METANB_LIBTORCH={_app} holds no libc10.so, no libtorch_cpu.so, no libtorch.so:", output);
    }

    [Fact]
    public void Cuda_with_a_cpu_only_folder_is_refused()
    {
        var (code, output) = Metanb(_app, new() { ["METANB_LIBTORCH"] = Bin, ["METANB_DEVICE"] = "cuda" }, "info");
        Assert.Equal(2, code);
        Assert.Contains($"Device cuda asks for CUDA, but METANB_LIBTORCH={Bin} holds no libtorch_cuda.so", output);
    }

    [Fact]
    public void A_build_with_its_own_libtorch_refuses_a_second_one()
    {
        var (code, output) = Metanb(Bin, new() { ["METANB_LIBTORCH"] = _app + "-other" }, "info");
        Assert.Equal(2, code); // the folder check comes first
        Directory.CreateDirectory(_app + "-other");
        try
        {
            foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" }) File.WriteAllText(Path.Combine(_app + "-other", name), "");
            (code, output) = Metanb(Bin, new() { ["METANB_LIBTORCH"] = _app + "-other" }, "info");
            Assert.Equal(2, code);
            Assert.Contains("but this build carries its own libtorch beside TorchSharp.dll", output);
            Assert.Contains("TorchBackend=external", output);
        }
        finally
        {
            Directory.Delete(_app + "-other", recursive: true);
        }
    }

    private static (int Code, string Output) Metanb(string folder, Dictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(folder, "metanb.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("METANB_LIBTORCH");
        info.Environment["METANB_DEVICE"] = "cpu";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "metanb timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
