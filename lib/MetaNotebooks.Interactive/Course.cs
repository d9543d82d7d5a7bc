using System.Runtime.InteropServices;
using MetaNotebooks.Evaluation;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Interactive;

/// <summary>
/// What every course notebook calls: <see cref="Setup"/> (line 2 of the shared setup cell),
/// <see cref="Headline(string, string)"/> (the number the course index shows for the notebook) and
/// <see cref="Result(string, string, double, double, int)"/> (a test result, gathered into <c>results.json</c>).
/// </summary>
public static class Course
{
    /// <summary>
    /// The setup line: registers the course's formatters with the kernel, and prints the profile in force (quick unless
    /// <c>METANB_PROFILE=full</c> or <c>metanb run --profile full</c>), the device tensors use (<see cref="Devices.Default"/>:
    /// CUDA when available unless <c>METANB_DEVICE</c> says otherwise; on a GPU it also becomes TorchSharp's default device,
    /// so that the notebook's own tensors are made there), the runtime and the libraries loaded.
    /// </summary>
    public static void Setup()
    {
        Charts.FSharpCoreBinding.Install();
        CourseFormatters.EnsureRegistered();
        var profile = ProfileName();
        // On a GPU the tensors a notebook's own cells make (index vectors, hand-built examples) go there too, so that they
        // meet the learners' tensors on one device; the library pins to the CPU what must be read on the host. On the
        // CPU nothing changes.
        if (Devices.Default.type != TorchSharp.DeviceType.CPU) TorchSharp.torch.set_default_device(Devices.Default);
        var device = Devices.Describe(Devices.Default);
        var libraries = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName())
            .Where(n => n.Name?.StartsWith("MetaNotebooks", StringComparison.Ordinal) == true)
            .Select(n => $"{n.Name} {n.Version?.ToString(3)}")
            .Append($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}")
            .Order();
        Console.WriteLine($"MetaNotebooks | profile: {profile} | device: {device} | {RuntimeInformation.FrameworkDescription} | {Environment.ProcessorCount} CPU cores | {string.Join(", ", libraries)}");
    }

    /// <summary>Shows the notebook's headline figure; the course index lists the last one shown.</summary>
    public static void Headline(string label, string value) => new Headline(label, value).Show();

    /// <summary>
    /// Reports one test result: the method's short name (<c>ProtoNet</c>), the setting (<c>5-way 1-shot</c>), the mean
    /// accuracy and its 95% interval in percent, and the episodes scored. <c>metanb run</c> lists it under the notebook
    /// in <c>results.json</c> and on the course index.
    /// </summary>
    public static void Result(string method, string setting, double accuracy, double ci95, int episodes) =>
        (new TestResult(method, setting, accuracy, ci95, episodes) with { Record = Record(method, setting, accuracy, ci95, episodes) }).Show();

    /// <summary>
    /// Reports an evaluation's result (fractions, as the library computes them) under the short name <paramref name="method"/>,
    /// with its provenance and per-episode accuracies (a <see cref="ResultRecord"/> in <c>results.json</c>, which the leaderboard reads).
    /// </summary>
    public static void Result(string method, AccuracyResult result) =>
        (TestResult.Of(method, result) with { Record = ResultRecord.Of(method, result, Provenance.Now(Environment.GetEnvironmentVariable(CommandVariable))) with { Profile = ProfileName() } }).Show();

    /// <summary>The environment variable through which <c>metanb run</c> tells a notebook the command that runs it (for its results' provenance).</summary>
    public const string CommandVariable = "METANB_COMMAND";

    /// <summary>The environment variable through which <c>metanb run</c> tells a notebook the course site's folder (where <c>results.json</c> is).</summary>
    public const string SiteVariable = "METANB_COURSE_SITE";

    // A summary-only record, when the setting reads "N-way K-shot".
    private static ResultRecord? Record(string method, string setting, double accuracy, double ci95, int episodes)
    {
        var match = System.Text.RegularExpressions.Regex.Match(setting, @"^(\d+)-way (\d+)-shot$");
        if (!match.Success) return null;
        var provenance = Provenance.Now(Environment.GetEnvironmentVariable(CommandVariable));
        return new ResultRecord
        {
            Method = MethodNames.Canonical(method), Ways = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            Shots = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Accuracy = accuracy, Ci95 = ci95, Episodes = episodes,
            Profile = ProfileName(), Device = provenance.Device, Threads = provenance.Threads, Commit = provenance.Commit, Command = provenance.Command, Date = provenance.Date,
        };
    }

    /// <summary>
    /// The profile's name, from <see cref="MetaNotebooks.Tensors.Profile.Current"/>. Naming that type here also keeps
    /// MetaNotebooks in this assembly's references (the compiler drops unused ones), so that the notebooks' one
    /// <c>#r</c> of this assembly brings MetaNotebooks and TorchSharp into scope.
    /// </summary>
    private static string ProfileName() => MetaNotebooks.Tensors.Profile.Current.ToString().ToLowerInvariant();
}
