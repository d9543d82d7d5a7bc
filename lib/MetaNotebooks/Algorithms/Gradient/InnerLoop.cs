using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>
/// The inner loop of the gradient-based methods, written once: adapt a copy of the parameters to a support set with
/// k steps of SGD, theta' = theta - alpha * grad L_support(theta), on fast weights (an explicit tensor list run through
/// <see cref="FunctionalModule.forward(Tensor, IReadOnlyList{Tensor})"/>). With <c>createGraph</c> the steps are
/// differentiable (second-order MAML, Meta-SGD); without it each step's gradient is a constant (first-order MAML,
/// and every prediction at test time). <c>alpha</c> is one number (MAML) or a tensor per parameter (Meta-SGD's learned
/// step sizes); <c>adapts</c> says which parameters move (ANIL adapts only the head).
/// </summary>
public static class InnerLoop
{
    /// <summary>
    /// The fast weights after <paramref name="steps"/> SGD steps on <paramref name="supportLoss"/> from
    /// <paramref name="weights"/>. Zero steps returns the weights themselves.
    /// </summary>
    /// <param name="weights">theta: one tensor per parameter (the module's parameters, or earlier fast weights).</param>
    /// <param name="supportLoss">L_support as a function of the fast weights: a scalar.</param>
    /// <param name="steps">k, at least 0.</param>
    /// <param name="alpha">The inner learning rate for every parameter (used when <paramref name="alphas"/> is null).</param>
    /// <param name="createGraph">Differentiate through the steps (second order) or not (first order).</param>
    /// <param name="alphas">Per-parameter step sizes, each the shape of its parameter (Meta-SGD), or null.</param>
    /// <param name="adapts">Which parameters the inner loop updates (null: all).</param>
    public static IReadOnlyList<Tensor> Adapt(IReadOnlyList<Tensor> weights, Func<IReadOnlyList<Tensor>, Tensor> supportLoss, int steps, double alpha,
        bool createGraph, IReadOnlyList<Tensor>? alphas = null, IReadOnlyList<bool>? adapts = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(supportLoss);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "The inner loop needs 0 or more steps.");
        if (alphas is null && !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The inner learning rate must be a finite number.");
        if (alphas is not null && alphas.Count != weights.Count)
            throw new ArgumentException($"{alphas.Count} step-size tensors for {weights.Count} parameters; give one per parameter.", nameof(alphas));
        if (adapts is not null && adapts.Count != weights.Count)
            throw new ArgumentException($"{adapts.Count} adapt flags for {weights.Count} parameters; give one per parameter.", nameof(adapts));
        var fast = weights.ToArray();
        var moving = Enumerable.Range(0, fast.Length).Where(i => adapts?[i] ?? true).ToArray();
        if (moving.Length == 0 || steps == 0) return fast;
        using (enable_grad())
        {
            for (var step = 0; step < steps; step++)
            {
                // Second order: the step is part of the graph from theta. First order: the support loss is computed on
                // detached copies, so its graph is separate and the gradient is a constant; theta' - theta stays an
                // identity path back to theta (what first-order MAML differentiates).
                var current = fast.Select(t => createGraph ? t : t.detach()).ToArray();
                var inputs = moving.Select(i => createGraph ? current[i] : current[i].requires_grad_()).ToArray();
                using var loss = supportLoss(current);
                var grads = Gradients.Of(loss, inputs, createGraph: createGraph);
                for (var j = 0; j < moving.Length; j++)
                {
                    var i = moving[j];
                    fast[i] = alphas is null ? fast[i] - alpha * grads[j] : fast[i] - alphas[i] * grads[j];
                }
            }
        }
        return fast;
    }
}
