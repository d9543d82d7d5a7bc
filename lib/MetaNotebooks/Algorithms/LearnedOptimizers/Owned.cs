using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>Tensors an <see cref="Optimizee"/> owns: made outside every dispose scope, freed when it is disposed.</summary>
internal static class Owned
{
    /// <summary>A float32 tensor of <paramref name="shape"/> from <paramref name="values"/> on <paramref name="device"/>, in no dispose scope.</summary>
    public static Tensor Tensor(float[] values, long[] shape, Device device)
    {
        using var scope = NewDisposeScope();
        return torch.tensor(values, shape).to(device).DetachFromDisposeScope();
    }
}
