using System.Diagnostics;
using MetaNotebooks.Data;
using MetaNotebooks.DataProbe;
using MetaNotebooks.Episodes;
using TorchSharp;

// Usage:
//   MetaNotebooks.DataProbe fingerprints <omniglot-folder> <cache-folder>
//   MetaNotebooks.DataProbe benchmark    <omniglot-folder> <cache-folder>
//   MetaNotebooks.DataProbe bad-inputs   <omniglot-folder> <cache-folder>
//   MetaNotebooks.DataProbe train-hash   <omniglot-folder> <cache-folder> <seed>   (threads: METANB_NUM_THREADS)
if (args.Length is < 3 or > 4 || args[0] is not ("fingerprints" or "benchmark" or "bad-inputs" or "train-hash") || (args.Length == 4) != (args[0] == "train-hash"))
{
    Console.Error.WriteLine("usage: MetaNotebooks.DataProbe fingerprints|benchmark|bad-inputs <omniglot-folder> <cache-folder> | train-hash <omniglot-folder> <cache-folder> <seed>");
    return 2;
}
if (args[0] == "bad-inputs") return BadInputs.Run(args[1], args[2]);
var options = new OmniglotOptions { DataFolder = args[1], CacheFolder = args[2], Download = false, Log = Console.Error.WriteLine };
if (args[0] == "fingerprints")
{
    using var data = Omniglot.Load(options);
    Console.WriteLine(Fingerprints.Compute(data.Classes));
    Console.WriteLine(Fingerprints.Images(data));
    return 0;
}
if (args[0] == "train-hash")
{
    MetaNotebooks.Tensors.Devices.UseThreads();
    using var data = Omniglot.Load(options);
    Console.WriteLine($"{SeededTraining.Hash(data, long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture))} threads {torch.get_num_threads()}");
    return 0;
}

// benchmark: a cold cache build (in a fresh folder), a warm load, then the sampler's throughput with tensors.
var cold = Path.Combine(args[2], $"cold-{Guid.NewGuid():N}");
var watch = Stopwatch.StartNew();
using (var built = Omniglot.Load(options with { CacheFolder = cold }))
    Console.WriteLine($"cache build: {watch.Elapsed.TotalSeconds:0.00} s, {new FileInfo(built.CachePath).Length / 1e6:0.00} MB ({built.CachePath})");
watch.Restart();
using var omniglot = Omniglot.Load(options with { CacheFolder = cold });
Console.WriteLine($"cache load: {watch.Elapsed.TotalSeconds:0.00} s; libtorch threads: {torch.get_num_threads()}");
Directory.Delete(cold, recursive: true);

// The standard protocol: Vinyals' split with rotations (rotated classes cost one extra copy per batch).
var split = OmniglotSplits.Vinyals(omniglot.Classes).WithRotations();
foreach (var (ways, shots, tasks) in new[] { (5, 1, 32), (20, 5, 16) })
{
    var sampler = new EpisodeSampler(split.Train, ways, shots, 15);
    var keysOnly = Stopwatch.StartNew();
    var n = 0;
    while (keysOnly.Elapsed.TotalSeconds < 2) sampler.Sample(0, n++);
    var idsPerSecond = n / keysOnly.Elapsed.TotalSeconds;
    var episodes = 0;
    var timer = Stopwatch.StartNew();
    for (var b = 0; timer.Elapsed.TotalSeconds < 5; b++)
    {
        using var scope = torch.NewDisposeScope();
        using var batch = sampler.Batch(omniglot, seed: 0, batchIndex: b, tasks: tasks);
        episodes += tasks;
    }
    Console.WriteLine($"{ways}-way {shots}-shot 15-query: {episodes / timer.Elapsed.TotalSeconds:0} episodes/s with tensors " +
                      $"(task batches of {tasks}), {idsPerSecond:0} episodes/s ids only");
}
return 0;
