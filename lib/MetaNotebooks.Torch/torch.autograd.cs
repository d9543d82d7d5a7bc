using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

public static partial class torch
{
    /// <summary>Automatic differentiation.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, as
        /// torch.autograd.grad. <paramref name="grad_outputs"/> weights each output (null: ones, for scalar outputs).
        /// <paramref name="retain_graph"/> defaults to <paramref name="create_graph"/>; create_graph makes the result
        /// differentiable (second-order gradients, MAML). With <paramref name="allow_unused"/>, an input the outputs do
        /// not depend on gets null; without it, that is an error.
        /// </summary>
        public static Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null, bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"grad_outputs has {grad_outputs.Count} tensors but there are {outputs.Count} outputs.", nameof(grad_outputs));
            var outs = Handles(outputs);
            var ins = Handles(inputs);
            IntPtr[]? gos = null;
            if (grad_outputs is not null)
            {
                gos = new IntPtr[grad_outputs.Count];
                for (var i = 0; i < gos.Length; i++) gos[i] = grad_outputs[i]?.Handle.DangerousGetHandle() ?? IntPtr.Zero;
            }
            var results = new IntPtr[ins.Length];
            var status = LibTorch.mn_autograd_grad(outs, outs.Length, gos, ins, ins.Length,
                retain_graph is null ? -1 : retain_graph.Value ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, results);
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            TorchException.Check(status);
            var grads = new Tensor?[results.Length];
            for (var i = 0; i < results.Length; i++) grads[i] = results[i] == IntPtr.Zero ? null : new Tensor(results[i]);
            return grads;
        }

        /// <summary>The gradient of one scalar output with respect to each input (none may be unused).</summary>
        public static Tensor[] grad(Tensor output, IReadOnlyList<Tensor> inputs, bool? retain_graph = null, bool create_graph = false) =>
            grad(new[] { output }, inputs, null, retain_graph, create_graph, allow_unused: false)!;

        /// <summary>
        /// Computes d(tensors)/d(leaves) and accumulates it into the leaves' .grad, as torch.autograd.backward.
        /// </summary>
        public static void backward(Tensor tensor, Tensor? grad_tensor = null, bool? retain_graph = null, bool create_graph = false) =>
            tensor.backward(grad_tensor, retain_graph, create_graph);
    }
}
