using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The coordinatewise LSTM optimizer's memory between steps: the hidden state h and the cell state c of each of its
/// two layers, one row per coordinate of the optimizee, [n, hidden] each.
/// </summary>
/// <param name="H1">Layer 1's h: [n, hidden].</param>
/// <param name="C1">Layer 1's c: [n, hidden].</param>
/// <param name="H2">Layer 2's h: [n, hidden].</param>
/// <param name="C2">Layer 2's c: [n, hidden].</param>
public sealed record LstmOptimizerState(Tensor H1, Tensor C1, Tensor H2, Tensor C2)
{
    /// <summary>Zeros for <paramref name="coordinates"/> coordinates: the state before the first step.</summary>
    public static LstmOptimizerState Zeros(long coordinates, int hidden, ScalarType dtype, Device device)
    {
        if (coordinates < 1) throw new ArgumentOutOfRangeException(nameof(coordinates), coordinates, "The optimizer's state needs at least one coordinate.");
        Tensor Zero() => zeros(coordinates, hidden, dtype: dtype, device: device);
        return new LstmOptimizerState(Zero(), Zero(), Zero(), Zero());
    }

    /// <summary>n, the number of coordinates.</summary>
    public long Coordinates => H1.size(0);

    /// <summary>The same values cut from the graph: what a truncation of back-propagation through time keeps.</summary>
    public LstmOptimizerState Detach() => new(H1.detach(), C1.detach(), H2.detach(), C2.detach());

    /// <summary>Moves every tensor to the outer dispose scope (to leave a step's scope).</summary>
    public LstmOptimizerState MoveToOuterDisposeScope() => new(
        H1.MoveToOuterDisposeScope(), C1.MoveToOuterDisposeScope(), H2.MoveToOuterDisposeScope(), C2.MoveToOuterDisposeScope());
}
