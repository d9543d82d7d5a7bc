using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// A module that also runs on an explicit list of parameter tensors, as MAML's fast weights need (PyTorch's
/// <c>torch.func.functional_call</c>, which TorchSharp lacks). A subclass writes its forward pass once, in functional ops,
/// against <see cref="Weights"/>; <c>forward(x)</c> runs it on the module's own parameters and <c>forward(x, weights)</c>
/// on the tensors given (one per parameter, in <c>parameters()</c> order, same shapes; checked). In functional mode
/// batch norm uses the batch's statistics and leaves the running statistics alone.
/// </summary>
public abstract class FunctionalModule : nn.Module<Tensor, Tensor>
{
    /// <summary>A module named <paramref name="name"/>; the subclass registers its layers, then calls RegisterComponents().</summary>
    protected FunctionalModule(string name) : base(name) { }

    /// <summary>The forward pass on the module's own parameters.</summary>
    public override Tensor forward(Tensor input)
    {
        var own = parameters().Cast<Tensor>().ToArray();
        ExpectDtype(input, own);
        return Forward(input, new Weights(own, functional: false));
    }

    /// <summary>The forward pass on <paramref name="weights"/> in place of the parameters (same order and shapes as <c>parameters()</c>).</summary>
    /// <exception cref="ArgumentException">The count or a shape differs from the module's parameters.</exception>
    public Tensor forward(Tensor input, IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var own = named_parameters().ToList();
        if (own.Count != weights.Count)
            throw new ArgumentException(
                $"{GetType().Name} has {own.Count} parameters but {weights.Count} tensors were given; pass one tensor per parameter, " +
                "in the order of parameters() (named_parameters() lists them).", nameof(weights));
        for (var i = 0; i < own.Count; i++)
            if (!own[i].parameter.shape.SequenceEqual(weights[i].shape))
                throw new ArgumentException(
                    $"Parameter {i} ({own[i].name}) has shape {Shapes.Format(own[i].parameter)} but the tensor given for it has shape {Shapes.Format(weights[i])}.",
                    nameof(weights));
        ExpectDtype(input, weights);
        return Forward(input, new Weights(weights, functional: true));
    }

    /// <summary>Refuses an input whose dtype differs from the weights' (libtorch's own message names neither), saying what to convert.</summary>
    protected void ExpectDtype(Tensor input, IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (weights.Count > 0 && input.dtype != weights[0].dtype)
            throw new ArgumentException(
                $"{GetType().Name}'s weights are {weights[0].dtype} but the input (shape {Shapes.Format(input)}) is {input.dtype}: convert the input " +
                $"with .to({weights[0].dtype.ToString().ToLowerInvariant()})" +
                (torch.is_floating_point(input) ? $", or the module with .to({input.dtype.ToString().ToLowerInvariant()})." : "."), nameof(input));
    }

    /// <summary>The forward pass, written once in functional ops on <paramref name="w"/>.</summary>
    protected abstract Tensor Forward(Tensor input, Weights w);

    /// <summary>The parameters' tensors as a plain list, in order: the starting point of a fast-weight list.</summary>
    public IReadOnlyList<Tensor> ParameterList() => parameters().Cast<Tensor>().ToList();

    /// <summary>The tensors a forward pass reads, in <c>parameters()</c> order, and whether they are fast weights.</summary>
    protected sealed class Weights(IReadOnlyList<Tensor> tensors, bool functional)
    {
        /// <summary>True for <c>forward(x, weights)</c>: batch norm must not touch running statistics.</summary>
        public bool Functional { get; } = functional;

        /// <summary>The i-th parameter's tensor.</summary>
        public Tensor this[int i] => tensors[i];

        /// <summary>How many there are.</summary>
        public int Count => tensors.Count;
    }
}
