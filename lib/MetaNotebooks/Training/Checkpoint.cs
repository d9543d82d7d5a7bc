using System.Text;
using System.Text.Json;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Training;

/// <summary>
/// A training checkpoint: one torch.save file (atomic, checksummed) holding named tensors (learner.*, optimizer.*,
/// best.*, trainer.*, curve.*) and the run's <see cref="TrainingConfig"/> as UTF-8 JSON in a uint8 tensor
/// ("meta.json"). <see cref="Load"/> reports a missing, truncated, corrupted or foreign file as an error that names
/// the checkpoint. Dispose it to free the tensors.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private const string MetaKey = "meta.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Dictionary<string, Tensor> _tensors;

    private Checkpoint(string path, TrainingConfig config, string learnerName, string? command, Dictionary<string, Tensor> tensors)
    {
        Path = path;
        Command = command;
        Config = config;
        LearnerName = learnerName;
        _tensors = tensors;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The settings of the run that saved it.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The learner's display name ("ProtoNet").</summary>
    public string LearnerName { get; }

    /// <summary>The command lines that trained it (joined by " ; " over resumes), or null when not recorded (older checkpoints, runs started in code).</summary>
    public string? Command { get; }

    /// <summary>Wall-clock seconds of training, or null for a checkpoint written before training time was recorded.</summary>
    public double? WallSeconds => _tensors.TryGetValue("trainer.wall_seconds", out var t) ? t.ToDouble() : null;

    /// <summary>CPU seconds of training (the process, every thread), or null for a checkpoint written before they were recorded.</summary>
    public double? CpuSeconds => _tensors.TryGetValue("trainer.cpu_seconds", out var t) ? t.ToDouble() : null;

    /// <summary>Every tensor by name (meta.json excluded).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    /// <summary>The tensors whose names start with <paramref name="prefix"/>, with the prefix removed (owned by the checkpoint).</summary>
    public Dictionary<string, Tensor> Part(string prefix) =>
        StateDict.Part(_tensors, prefix);

    /// <summary>A one-element tensor's value.</summary>
    public double Scalar(string name) => Get(name).ToDouble();

    /// <summary>A 1-d tensor's values.</summary>
    public T[] Values<T>(string name) where T : unmanaged => Get(name).data<T>().ToArray();

    /// <summary>Steps the run had done when it saved.</summary>
    public int Step => (int)Scalar("trainer.step");

    private Tensor Get(string name) => _tensors.TryGetValue(name, out var t)
        ? t
        : throw new InvalidDataException($"Checkpoint {Path} has no entry \"{name}\": it was not written by MetaTrainer.Save, or by an incompatible version.");

    /// <summary>Writes <paramref name="tensors"/>, the config and the training command (when known) to <paramref name="path"/>, atomically.</summary>
    public static void Save(string path, TrainingConfig config, string learnerName, IReadOnlyDictionary<string, Tensor> tensors, string? command = null)
    {
        var meta = JsonSerializer.Serialize(new Meta(config, learnerName, command), Json);
        using var metaTensor = torch.tensor(Encoding.UTF8.GetBytes(meta));
        var all = new Dictionary<string, Tensor>(tensors) { [MetaKey] = metaTensor };
        TensorFile.Save(all, path);
    }

    /// <summary>Reads a checkpoint; every failure is an <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/> naming it.</summary>
    public static Checkpoint Load(string path)
    {
        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = TensorFile.Load(path);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"Checkpoint {System.IO.Path.GetFullPath(path)} does not exist. Train with `metanb train <method> --out {path}` first.", path, e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Checkpoint {path} cannot be used: {e.Message}", e);
        }
        try
        {
            if (tensors.ContainsKey(Algorithms.Reinforcement.MamlRl.OptionsKey))
                throw new InvalidDataException($"Checkpoint {path} holds a meta-reinforcement-learning policy (metanb train maml-rl), not a few-shot classifier: " +
                    $"continue it with `metanb train maml-rl --resume {path}`, which ends with its adaptation returns on held-out tasks.");
            if (!tensors.Remove(MetaKey, out var metaTensor))
                throw new InvalidDataException($"Checkpoint {path} is a tensor file but not a training checkpoint: it has no \"{MetaKey}\" entry.");
            Meta meta;
            using (metaTensor)
            {
                try
                {
                    meta = JsonSerializer.Deserialize<Meta>(Encoding.UTF8.GetString(metaTensor.data<byte>().ToArray()), Json)
                           ?? throw new InvalidDataException($"Checkpoint {path} has an empty \"{MetaKey}\" entry.");
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"Checkpoint {path} has an unreadable \"{MetaKey}\" entry: {e.Message}", e);
                }
            }
            return new Checkpoint(path, meta.Config, meta.Learner, meta.Command, tensors);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }

    private sealed record Meta(TrainingConfig Config, string Learner, string? Command = null);
}
