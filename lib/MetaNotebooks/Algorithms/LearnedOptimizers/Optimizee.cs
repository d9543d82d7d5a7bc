using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// What an optimizer minimises: a starting point theta_0 (any list of parameter tensors) and a loss f(theta). The loss
/// may return one number or a vector of B losses, one per independent function optimized side by side (B random
/// quadratics, B small networks): the gradient taken is that of their sum, so each function's coordinates get their
/// own gradient, and the loss reported along a run is their mean. Dispose it to free the tensors it owns (the start and
/// the functions' data).
/// </summary>
public sealed class Optimizee : IDisposable
{
    private readonly IReadOnlyList<Tensor> _owned;

    /// <summary>An optimizee from a start and a loss.</summary>
    /// <param name="start">theta_0: one tensor per parameter (not modified; runs start from detached copies).</param>
    /// <param name="loss">f: the parameters -> a scalar, or a vector of per-function losses.</param>
    /// <param name="description">A line that says what it is.</param>
    /// <param name="owned">Tensors freed with it besides <paramref name="start"/> (the functions' data), or null.</param>
    /// <exception cref="ArgumentException">No parameters, or parameters with no elements at all.</exception>
    public Optimizee(IReadOnlyList<Tensor> start, Func<IReadOnlyList<Tensor>, Tensor> loss, string description = "optimizee", IReadOnlyList<Tensor>? owned = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Start = CheckParameters(start, nameof(start));
        Loss = loss;
        Description = description;
        _owned = owned ?? [];
    }

    /// <summary>theta_0, one tensor per parameter.</summary>
    public IReadOnlyList<Tensor> Start { get; }

    /// <summary>f(theta): a scalar or a vector of per-function losses.</summary>
    public Func<IReadOnlyList<Tensor>, Tensor> Loss { get; }

    /// <summary>What it is (printed by <see cref="ToString"/>).</summary>
    public string Description { get; }

    /// <summary>n: the number of coordinates the optimizer moves, summed over every parameter tensor.</summary>
    public long Coordinates => Start.Sum(t => t.numel());

    /// <summary>
    /// Checks a parameter list for an optimizer: not empty, no null entries, at least one element in all; returns it.
    /// </summary>
    /// <exception cref="ArgumentException">What is wrong with the list.</exception>
    public static IReadOnlyList<Tensor> CheckParameters(IReadOnlyList<Tensor>? parameters, string name)
    {
        if (parameters is null || parameters.Count == 0)
            throw new ArgumentException("The parameter list is empty: an optimizer needs at least one parameter tensor to move.", name);
        for (var i = 0; i < parameters.Count; i++)
            if (parameters[i] is null) throw new ArgumentException($"Parameter {i} of the list is null.", name);
        if (parameters.Sum(t => t.numel()) == 0)
            throw new ArgumentException(
                $"The {parameters.Count} parameter tensor(s) ({string.Join(", ", parameters.Select(t => Shapes.Format(t)))}) have no elements: there is nothing to optimize. " +
                "Give tensors with at least one element.", name);
        return parameters;
    }

    /// <summary>The description and the parameter shapes.</summary>
    public override string ToString() => $"{Description} ({Coordinates} coordinates: {string.Join(", ", Start.Select(t => Shapes.Format(t)))})";

    /// <summary>Frees the start and the owned tensors.</summary>
    public void Dispose()
    {
        foreach (var t in Start) t.Dispose();
        foreach (var t in _owned) t.Dispose();
    }
}
