using System.Diagnostics;
using System.Globalization;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Evaluation;

/// <summary>Where and when a result was produced: device, threads, commit, command and date (UTC).</summary>
/// <param name="Device">"cpu x2" (libtorch's CPU threads) or the GPU's name.</param>
/// <param name="Threads">libtorch's CPU threads.</param>
/// <param name="Commit">git rev-parse HEAD of the working folder's repository, or "unknown".</param>
/// <param name="Command">The command that produced the result, or null.</param>
/// <param name="Date">UTC, ISO 8601 to the second.</param>
public sealed record Provenance(string Device, int Threads, string Commit, string? Command, string Date)
{
    /// <summary>The provenance of a result produced now, on <see cref="Devices.Default"/>, by <paramref name="command"/>.</summary>
    public static Provenance Now(string? command) =>
        new(DeviceName(Devices.Default), torch.get_num_threads(), GitCommit(Environment.CurrentDirectory), command, Stamp(DateTime.UtcNow));

    /// <summary>"2026-12-05T11:02:03Z".</summary>
    public static string Stamp(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"cpu x2" for the CPU with libtorch's thread count; a CUDA device's name from nvidia-smi ("NVIDIA H100 80GB HBM3"), else "cuda".</summary>
    public static string DeviceName(Device device) =>
        device.type == DeviceType.CUDA
            ? Run("nvidia-smi", "--query-gpu=name --format=csv,noheader", Environment.CurrentDirectory)?.Split('\n')[0].Trim() is { Length: > 0 } name ? name : "cuda"
            : string.Create(CultureInfo.InvariantCulture, $"cpu x{torch.get_num_threads()}");

    /// <summary>The commit checked out in <paramref name="folder"/>'s repository (git rev-parse HEAD), or "unknown" outside one or without git.</summary>
    public static string GitCommit(string folder) =>
        Run("git", "rev-parse HEAD", folder)?.Trim() is { Length: 40 } commit ? commit : "unknown";

    private static string? Run(string program, string arguments, string folder)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
