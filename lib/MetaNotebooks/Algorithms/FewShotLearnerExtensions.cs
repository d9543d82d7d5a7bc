using MetaNotebooks.Data;
using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>Conveniences over <see cref="IFewShotLearner"/> for a single episode.</summary>
public static class FewShotLearnerExtensions
{
    /// <summary>Query logits [N*Q, N] of one episode, adapted to its support set only (its images read from <paramref name="source"/>).</summary>
    public static Tensor Predict(this IFewShotLearner learner, IEpisodeSource source, Episode episode)
    {
        using var scope = torch.NewDisposeScope();
        using var batch = TaskBatch.Create(source, [episode]);
        using var logits = learner.Predict(batch);
        return logits[0].MoveToOuterDisposeScope();
    }

    /// <summary>"ProtoNet (embedding: Conv4 (64 filters, 64-d), distance: squared Euclidean)": the name and every hyperparameter.</summary>
    public static string Describe(this IFewShotLearner learner) =>
        $"{learner.Name} ({string.Join(", ", learner.Hyperparameters.Select(h => $"{h.Key}: {h.Value}"))})";
}
