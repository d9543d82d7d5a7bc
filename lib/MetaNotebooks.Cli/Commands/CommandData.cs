using System.CommandLine;
using System.Globalization;
using MetaNotebooks.Data;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Cli.Commands;

/// <summary>Options shared by <c>train</c> and <c>eval</c>: where Omniglot is, and libtorch's thread count.</summary>
public static class CommandData
{
    /// <summary>--data: the folder with the Omniglot zips.</summary>
    public static Option<string?> DataOption() => new("--data")
    {
        Description = $"Folder with images_background.zip and images_evaluation.zip (default: ${DataFolder.EnvironmentVariable}, else data/omniglot). The cache goes to ${DataFolder.CacheVariable} when set.",
    };

    /// <summary>--threads: libtorch CPU threads; null when not given (then <see cref="Devices.UseThreads"/> takes $METANB_NUM_THREADS, else libtorch's default).</summary>
    public static Option<int?> ThreadsOption() => new("--threads")
    {
        Description = $"libtorch CPU threads (1 is fastest on a busy machine; default: ${Devices.ThreadsVariable}, else libtorch's default, one per core).",
        // Whether the count is positive is Devices.UseThreads' rule; here only a token that is no number at all is refused, by name.
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var threads)) return threads;
            result.AddError($"--threads must be a positive integer, not '{token}': give the number of CPU threads libtorch may use (1 is fastest on a busy machine), or leave it out.");
            return null;
        },
    };

    /// <summary>Sets the threads (<see cref="Devices.UseThreads"/>) and loads Omniglot, logging to stderr.</summary>
    public static Omniglot Load(string? data, int? threads)
    {
        Devices.UseThreads(threads);
        return Omniglot.Load(new OmniglotOptions { DataFolder = data, Log = line => Console.Error.WriteLine(line) });
    }
}
