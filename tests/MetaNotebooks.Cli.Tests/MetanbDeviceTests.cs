using System.Diagnostics;

namespace MetaNotebooks.Cli.Tests;

/// <summary>
/// <c>--device</c> (on every command) and <c>METANB_DEVICE</c>, through the built <c>metanb</c>: a device that is not
/// there is refused before anything runs, with exit 2 and a message that names where the name came from and what to
/// do; the CPU is accepted. (This machine has no GPU: CUDA is refused here.)
/// </summary>
public sealed class MetanbDeviceTests
{
    private static (int Code, string Output) Metanb(string? deviceVariable, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "metanb.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("METANB_DEVICE");
        if (deviceVariable is not null) info.Environment["METANB_DEVICE"] = deviceVariable;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "metanb did not finish in 2 minutes");
        return (process.ExitCode, stdout.Result + stderr);
    }

    [Theory]
    [InlineData("train", "protonet", "--steps", "1")]
    [InlineData("eval", "pixelnn")]
    [InlineData("bench", "--only", "none")]
    [InlineData("run", "00")]
    public void An_unknown_device_is_refused_by_every_command_before_it_runs(params string[] command)
    {
        var (code, output) = Metanb(null, [.. command, "--device", "tpu"]);
        Assert.Equal(2, code);
        Assert.Contains("Unknown device \"tpu\" in --device tpu: use cpu, cuda or cuda:N.", output);
    }

    [Fact]
    public void Cuda_without_a_GPU_is_refused_from_the_option_and_from_the_variable()
    {
        var (code, output) = Metanb(null, "train", "protonet", "--steps", "1", "--device", "cuda");
        Assert.Equal(2, code);
        Assert.Contains("--device cuda asks for a CUDA GPU, but TorchSharp sees none", output);
        Assert.Contains("METANB_LIBTORCH", output);
        (code, output) = Metanb("cuda", "train", "protonet", "--steps", "1");
        Assert.Equal(2, code);
        Assert.Contains("METANB_DEVICE=cuda asks for a CUDA GPU, but TorchSharp sees none", output);
        (code, output) = Metanb("tpu", "eval", "pixelnn");
        Assert.Equal(2, code);
        Assert.Contains("Unknown device \"tpu\" in METANB_DEVICE", output);
    }

    [Fact]
    public void The_cpu_is_accepted_and_named()
    {
        var (code, output) = Metanb(null, "bench", "--device", "cpu", "--only", "none", "--threads", "1");
        Assert.True(code == 0, output);
        Assert.Contains("device: cpu (", output);
    }
}
