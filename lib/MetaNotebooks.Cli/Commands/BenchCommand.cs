using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaNotebooks.Cli.Bench;
using MetaNotebooks.Tensors;
using TorchSharp;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// <c>metanb bench</c>: times the shared/bench workloads (prints "name median_ms", the same names as
/// torch_reference.py and, on a GPU, torch_cuda_reference.py, to compare side by side in one session) and the binding's
/// overhead per small op, on the run's device (<c>--device</c>, which every command takes, else <see cref="Devices.Default"/>).
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var threads = CommandData.ThreadsOption();
        var only = new Option<string[]>("--only") { Description = "Run only these workloads (names as printed).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("bench", "Time the reference workloads (name median_ms) and the per-op overhead.") { threads, only };
        command.SetAction(parse =>
        {
            try
            {
                Run(parse.GetValue(threads), parse.GetValue(only) ?? Array.Empty<string>(), Console.Out);
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// Runs the benchmarks on <paramref name="threads"/> libtorch threads (null: <see cref="Devices.UseThreads"/>'s default)
    /// and <paramref name="device"/> (null: <see cref="Devices.Default"/>), writing one line per result. On CUDA every
    /// tensor and module is made there (TorchSharp's default device, restored at the end) and each run ends with a
    /// synchronize, as torch_cuda_reference.py does; there the batched meta-steps of that script run too (on the CPU only
    /// when named in <paramref name="only"/>).
    /// </summary>
    public static void Run(int? threads, IReadOnlyCollection<string> only, TextWriter output, string? device = null)
    {
        Devices.UseThreads(threads);
        var on = device is null ? Devices.Default : Devices.Choose(device);
        var cuda = on.type == DeviceType.CUDA;
        var previous = torch.get_default_device();
        torch.set_default_device(on);
        try
        {
            Run(only, output, cuda);
        }
        finally
        {
            torch.set_default_device(previous);
        }
    }

    private static void Run(IReadOnlyCollection<string> only, TextWriter output, bool cuda)
    {
        torch.manual_seed(0);
        using var w = new BenchWorkloads();
        bool Selected(string name) => only.Count == 0 || only.Contains(name);
        void Report(string name, Action work, int reps)
        {
            if (!Selected(name)) return;
            output.WriteLine($"{name} {Median(work, reps, cuda).ToString("F1", CultureInfo.InvariantCulture)}");
            output.Flush();
        }
        Report("maml2_32x5w1s", () => w.MamlStep(secondOrder: true), 5);
        Report("fomaml_32x5w1s", () => w.MamlStep(secondOrder: false), 5);
        // Ours only (the reference loops over tasks): the library's MAML, tasks one at a time and 4, 8 or 32 per batched pass.
        foreach (var pass in new[] { 1, 4, 8, 32 })
        {
            Report($"maml2_32x5w1s_pass{pass}", () => w.LibraryMamlStep(secondOrder: true, pass), 5);
            Report($"fomaml_32x5w1s_pass{pass}", () => w.LibraryMamlStep(secondOrder: false, pass), 5);
        }
        Report("protonet_60w5s5q", () => w.ProtoStep(60, 5, 5), 5);
        Report("protonet_5w1s15q", () => w.ProtoStep(5, 1, 15), 20);
        Report("siamese_5w1s15q", () => w.SiameseStep(5, 1, 15), 20);
        Report("siamese_20w5s5q", () => w.SiameseStep(20, 5, 5), 5);
        Report("relation_5w1s15q", () => w.RelationStep(5, 1, 15), 20);
        Report("relation_5w1s10q", () => w.RelationStep(5, 1, 10), 10);
        Report("matching_5w1s15q", () => w.MatchingStep(5, 1, 15), 20);
        Report("matching_20w1s5q", () => w.MatchingStep(20, 1, 5), 10);
        Report("gnn_5w1s15q", () => w.GnnStep(1, 1, 15), 10);
        Report("gnn_2x5w1s10q", () => w.GnnStep(2, 1, 10), 10);
        // torch_cuda_reference.py's batched meta-steps (all tasks in one grouped pass, Conv4.ForwardTasks): on a GPU, or when named.
        void Batched(string name, Action work)
        {
            if (cuda || only.Contains(name)) Report(name, work, 5);
        }
        Batched("maml2_32x5w1s_batched", () => w.LibraryMamlStep(secondOrder: true, 32));
        Batched("fomaml_32x5w1s_batched", () => w.LibraryMamlStep(secondOrder: false, 32));
        Batched("maml2_32x20w1s_batched", () => w.LibraryMamlStep(secondOrder: true, 32, n: 20, q: 5, alpha: 0.1));
        Batched("maml2_128x5w1s_batched", () => w.LibraryMamlStep(secondOrder: true, 128, tasks: 128));
        if (Selected("small_op_add_us"))
            output.WriteLine($"small_op_add_us {SmallOpMicroseconds().ToString("F2", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Median wall time in ms of reps runs, after one warm-up run; on CUDA each run waits for the device.</summary>
    private static double Median(Action work, int reps, bool cuda)
    {
        work();
        if (cuda) torch.cuda.synchronize();
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            work();
            if (cuda) torch.cuda.synchronize();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
    }

    /// <summary>Microseconds per a + b of two 1-element tensors, including creating and freeing the result.</summary>
    private static double SmallOpMicroseconds()
    {
        using var a = torch.tensor(new float[] { 1 });
        using var b = torch.tensor(new float[] { 2 });
        const int n = 200_000;
        double best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                using var c = a + b;
            }
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1000 / n);
        }
        return best;
    }
}
