using System.CommandLine;
using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using TorchSharp;

namespace MetaNotebooks.Cli.Commands;

/// <summary>Options shared by <c>train</c> and <c>eval</c>: where Omniglot is, and libtorch's thread count.</summary>
public static class CommandData
{
    /// <summary>--data: the folder with the Omniglot zips.</summary>
    public static Option<string?> DataOption() => new("--data")
    {
        Description = $"Folder with images_background.zip and images_evaluation.zip (default: ${DataFolder.EnvironmentVariable}, else data/omniglot). The cache goes to ${DataFolder.CacheVariable} when set.",
    };

    /// <summary>--threads: libtorch CPU threads.</summary>
    public static Option<int> ThreadsOption() => new("--threads")
    {
        Description = $"libtorch CPU threads (1 is fastest on a busy machine; default: ${Devices.ThreadsVariable}, else the CPU count).",
        DefaultValueFactory = _ => Devices.ConfiguredThreads() ?? Environment.ProcessorCount,
    };

    /// <summary>Sets the threads and loads Omniglot, logging to stderr.</summary>
    public static Omniglot Load(string? data, int threads)
    {
        if (threads < 1) throw new ArgumentException($"--threads must be at least 1, not {threads}.");
        torch.set_num_threads(threads);
        return Omniglot.Load(new OmniglotOptions { DataFolder = data, Log = line => Console.Error.WriteLine(line) });
    }
}
