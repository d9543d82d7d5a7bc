using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// T sinusoid tasks as float32 tensors: support x and y [T, K, 1], query x and y [T, Q, 1]. Dispose it (or make it
/// inside a dispose scope) to free the tensors.
/// </summary>
public sealed class SinusoidBatch : IDisposable
{
    internal SinusoidBatch(IReadOnlyList<SinusoidTask> tasks, Tensor supportX, Tensor supportY, Tensor queryX, Tensor queryY)
    {
        Tasks = tasks;
        SupportX = supportX;
        SupportY = supportY;
        QueryX = queryX;
        QueryY = queryY;
    }

    /// <summary>The tasks, in batch order.</summary>
    public IReadOnlyList<SinusoidTask> Tasks { get; }

    /// <summary>Support inputs [T, K, 1].</summary>
    public Tensor SupportX { get; }

    /// <summary>Support targets [T, K, 1].</summary>
    public Tensor SupportY { get; }

    /// <summary>Query inputs [T, Q, 1].</summary>
    public Tensor QueryX { get; }

    /// <summary>Query targets [T, Q, 1].</summary>
    public Tensor QueryY { get; }

    /// <summary>"SinusoidBatch: 25 tasks, 10 support and 10 query points each".</summary>
    public override string ToString() => Invariant($"SinusoidBatch: {Tasks.Count} tasks, {SupportX.shape[1]} support and {QueryX.shape[1]} query points each");

    /// <summary>Frees the four tensors.</summary>
    public void Dispose()
    {
        SupportX.Dispose();
        SupportY.Dispose();
        QueryX.Dispose();
        QueryY.Dispose();
    }
}
