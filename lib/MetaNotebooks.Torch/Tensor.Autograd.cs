using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

// Autograd on a tensor: backward.
public partial class Tensor
{
    /// <summary>
    /// Accumulates d(this)/d(leaf) into every leaf's <see cref="grad"/>. A non-scalar tensor needs a
    /// <paramref name="gradient"/> of its shape. <paramref name="retain_graph"/> defaults to
    /// <paramref name="create_graph"/>, as in PyTorch; create_graph records the backward pass for higher-order gradients.
    /// </summary>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false) =>
        TorchException.Check(LibTorch.mn_backward(Handle, gradient?.Handle ?? TensorHandle.None,
            retain_graph is null ? -1 : retain_graph.Value ? 1 : 0, create_graph ? 1 : 0));
}
