using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// The library's one way to call <c>torch.autograd.grad</c>, with PyTorch's defaults and checks first. TorchSharp 0.107's
/// native <c>autograd.grad</c> has no error handler: a mistake there (an input that does not require grad, a
/// non-scalar output without <c>grad_outputs</c>, an input that is not part of the graph) ends the process instead of
/// throwing. This helper checks what can be checked beforehand and throws <see cref="ArgumentException"/> instead.
/// </summary>
public static class Gradients
{
    // Outputs whose graph an earlier call freed (retain_graph false): a second gradient through it would end the process
    // in libtorch ("Trying to backward through the graph a second time"), so it is refused here instead.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Tensor, object> FreedGraphs = new();

    /// <summary>
    /// d(sum of <paramref name="outputs"/>)/d(each of <paramref name="inputs"/>), like PyTorch's
    /// <c>torch.autograd.grad</c>: <paramref name="retainGraph"/> defaults to <paramref name="createGraph"/> (TorchSharp
    /// defaults it to false), and with <paramref name="allowUnused"/> an input the outputs do not depend on gets null.
    /// Each output must be a scalar unless <paramref name="gradOutputs"/> gives a tensor of its shape.
    /// </summary>
    /// <exception cref="ArgumentException">An input does not require grad (or, without <paramref name="allowUnused"/>, is not used by
    /// the outputs), an output has no graph, or shapes or dtypes disagree.</exception>
    public static Tensor?[] Of(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs = null,
        bool createGraph = false, bool? retainGraph = null, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputs.Count == 0) throw new ArgumentException("Gradients.Of needs at least one output to differentiate.", nameof(outputs));
        if (inputs.Count == 0) throw new ArgumentException("Gradients.Of needs at least one input to differentiate with respect to.", nameof(inputs));
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i] ?? throw new ArgumentException($"Input {i} is null.", nameof(inputs));
            if (!input.requires_grad)
                throw new ArgumentException(
                    $"Input {i} (shape {Shapes.Format(input)}, {input.dtype}) does not require grad, so it has no gradient. " +
                    "Make it a parameter, create it with requires_grad: true, or call requires_grad_() on it before computing the outputs.", nameof(inputs));
        }
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"{outputs.Count} outputs but {gradOutputs.Count} grad_outputs were given; give one per output.", nameof(gradOutputs));
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i] ?? throw new ArgumentException($"Output {i} is null.", nameof(outputs));
            if (FreedGraphs.TryGetValue(output, out _))
                throw new ArgumentException(
                    $"Output {i} (shape {Shapes.Format(output)}) was already differentiated by Gradients.Of without retainGraph, which freed its graph. " +
                    "Pass retainGraph: true (or createGraph: true) to the first call, or recompute the output.", nameof(outputs));
            if (!output.requires_grad)
                throw new ArgumentException(
                    $"Output {i} (shape {Shapes.Format(output)}) does not depend on any tensor that requires grad (was it computed under no_grad, " +
                    "or from detached tensors?), so it has no gradient.", nameof(outputs));
            if (gradOutputs is null && output.numel() != 1)
                throw new ArgumentException(
                    $"Output {i} has shape {Shapes.Format(output)}: a gradient needs a scalar output (e.g. loss.mean()), or grad_outputs of that shape.", nameof(outputs));
            if (gradOutputs is not null && !gradOutputs[i].shape.SequenceEqual(output.shape))
                throw new ArgumentException($"grad_outputs {i} has shape {Shapes.Format(gradOutputs[i])} but output {i} has shape {Shapes.Format(output)}.", nameof(gradOutputs));
            if (gradOutputs is not null && gradOutputs[i].dtype != output.dtype)
                throw new ArgumentException($"grad_outputs {i} has dtype {gradOutputs[i].dtype} but output {i} has dtype {output.dtype}.", nameof(gradOutputs));
        }
        // Always allow_unused natively: libtorch's "not used in the graph" error would end the process here. An unused
        // input is then reported below, by this helper, when the caller did not allow it.
        var retain = retainGraph ?? createGraph;
        var grads = torch.autograd.grad(outputs.ToList(), inputs.ToList(), gradOutputs?.ToList(),
            retain_graph: retain, create_graph: createGraph, allow_unused: true);
        if (!retain)
            foreach (var output in outputs) FreedGraphs.AddOrUpdate(output, FreedGraphs);
        var result = new Tensor?[grads.Count];
        for (var i = 0; i < grads.Count; i++)
        {
            // TorchSharp returns an undefined tensor for an unused input; PyTorch returns None.
            if (grads[i].IsInvalid || grads[i].Handle == IntPtr.Zero) { grads[i].Dispose(); result[i] = null; }
            else result[i] = grads[i];
        }
        var unused = Enumerable.Range(0, result.Length).Where(i => result[i] is null).ToList();
        if (!allowUnused && unused.Count > 0)
        {
            foreach (var g in result) g?.Dispose();
            throw new ArgumentException(
                $"Input{(unused.Count == 1 ? "" : "s")} {string.Join(", ", unused.Select(i => $"{i} (shape {Shapes.Format(inputs[i])})"))} " +
                "not used to compute the outputs, so there is no gradient for them. Leave them out, or pass allowUnused: true to get null for them.", nameof(inputs));
        }
        return result;
    }

    /// <summary>The gradient of a scalar <paramref name="output"/> with respect to every input (all used); see the list overload.</summary>
    public static Tensor[] Of(Tensor output, IReadOnlyList<Tensor> inputs, bool createGraph = false, bool? retainGraph = null) =>
        Of([output], inputs, null, createGraph, retainGraph, allowUnused: false)
            .Select(g => g!).ToArray();
}
