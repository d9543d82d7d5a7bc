using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Baselines;

/// <summary>
/// The simplest baseline: a query takes the label of the support image nearest in pixel space (Euclidean distance
/// between raw pixel vectors). Nothing is learned; a class's logit is minus the distance to its nearest support image,
/// so arg-max gives the 1-nearest-neighbour label.
/// </summary>
public sealed class PixelNearestNeighbour : IFewShotLearner
{
    /// <inheritdoc/>
    public string Name => "Pixel NN";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string>
    {
        ["features"] = "raw pixels",
        ["distance"] = "Euclidean",
        ["neighbours"] = "1",
    };

    /// <summary>None: there is nothing to train.</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups => [];

    /// <summary>Not supported: nearest neighbour has no parameters. The message says so.</summary>
    public StepResult MetaTrainStep(TaskBatch batch) =>
        throw new NotSupportedException("Pixel nearest neighbour has nothing to train: evaluate it directly (Predict).");

    /// <summary>Logits [T, N*Q, N]: for each class, minus the distance from the query to the class's nearest support image.</summary>
    public Tensor Predict(TaskBatch batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var support = batch.SupportImages.flatten(2);
        var query = batch.QueryImages.flatten(2);
        var distances = cdist(query, support);
        var perClass = distances.reshape(batch.Tasks, query.size(1), batch.Ways, batch.Shots);
        var (nearest, _) = perClass.min(3);
        return (-nearest).MoveToOuterDisposeScope();
    }

    /// <summary>Empty: no state.</summary>
    public Dictionary<string, Tensor> state_dict() => [];

    /// <summary>Accepts only an empty state.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (state.Count > 0)
            throw new ArgumentException($"Pixel nearest neighbour has no state, but {state.Count} tensors were given ({string.Join(", ", state.Keys.Take(3))}...).", nameof(state));
    }

    /// <summary>Nothing to free.</summary>
    public void Dispose() { }

    /// <summary>"Pixel NN".</summary>
    public override string ToString() => Name;
}
