using System.Security.Cryptography;
using MetaNotebooks.Algorithms;
using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;
using static TorchSharp.torch;

namespace MetaNotebooks.DataProbe;

/// <summary>A short seeded ProtoNet training run on Omniglot whose trained weights are summarised by a hash.</summary>
public static class SeededTraining
{
    /// <summary>The run: 5-way 1-shot 5-query ProtoNet (16 filters), 2 tasks per step, Adam, 25 steps, one validation.</summary>
    public static TrainingConfig Config(long seed) => TrainingConfig.For("protonet", ProfileName.Quick) with
    {
        Ways = 5, Shots = 1, Queries = 5, Tasks = 2, Steps = 25, Hidden = 16, Seed = seed,
        LearningRate = 3e-3, LearningRateStepSize = 10, ValidateEvery = 25, ValidationEpisodes = 5,
    };

    /// <summary>Trains a fresh learner from <paramref name="seed"/> and returns SHA-256 (hex) over its state, sorted by name.</summary>
    public static string Hash(Omniglot omniglot, long seed)
    {
        var config = Config(seed);
        var experiment = new Experiment(config, omniglot.Classes);
        manual_seed(config.Seed);
        using var learner = Learners.Create(config, experiment.Split);
        using (var trainer = new MetaTrainer(learner, omniglot, experiment)) trainer.Run();
        return StateHash(learner.state_dict());
    }

    /// <summary>SHA-256 (hex) over every tensor's name, dtype, shape and bytes, in name order; disposes the tensors.</summary>
    public static string StateHash(Dictionary<string, Tensor> state)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, t) in state.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            using (t)
            using (var cpu = t.detach().cpu().contiguous())
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{name} {cpu.dtype} [{string.Join(",", cpu.shape)}]\n"));
                sha.AppendData(cpu.bytes);
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
