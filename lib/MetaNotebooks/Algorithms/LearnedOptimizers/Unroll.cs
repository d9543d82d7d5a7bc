using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// Runs a <see cref="LstmOptimizer"/> on an <see cref="Optimizee"/>: T steps of theta_t+1 = theta_t + g_t, the update
/// g_t proposed for the flattened, concatenated gradient grad f(theta_t) of every parameter tensor. With a meta-optimizer
/// this is meta-training by truncated back-propagation through time (Andrychowicz et al. 2016, section 2): every
/// <c>truncation</c> steps, the sum of the optimizee's losses f(theta_t) over the segment is back-propagated into the
/// optimizer's weights through every update of the segment, the meta-optimizer steps, and theta and the LSTM state are
/// cut from the graph (detached) before the next segment. The gradient fed to the LSTM is a constant, computed on a
/// detached copy of theta_t: the optimizee's second derivatives are dropped, as in the paper; the graph still runs
/// through theta_t+1 = theta_t + g_t. Every step's temporaries live in dispose scopes, so a long loop stays flat.
/// </summary>
public static class Unroll
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps from the optimizee's start and returns the mean loss at every theta_t; with
    /// <paramref name="metaOptimizer"/> it also trains the optimizer (one meta-step per segment of
    /// <paramref name="truncation"/> steps), without it nothing is differentiated.
    /// </summary>
    /// <param name="optimizer">The learned optimizer.</param>
    /// <param name="optimizee">The start theta_0 and the loss f.</param>
    /// <param name="steps">T, the horizon: at least 1.</param>
    /// <param name="truncation">Steps per segment of back-propagation (the paper: 20), from 1 to <paramref name="steps"/>; null: <paramref name="steps"/>.</param>
    /// <param name="metaOptimizer">An optimizer over <paramref name="optimizer"/>'s parameters (Adam in the paper), or null to only run.</param>
    /// <param name="observe">Called after each step t with (t, the flat gradient [n], the update [n]), both detached; they are freed after the call.</param>
    /// <exception cref="ArgumentOutOfRangeException">A horizon below 1, or a truncation below 1 or longer than the horizon.</exception>
    /// <exception cref="ArgumentException">The optimizee has no parameters or no elements.</exception>
    /// <exception cref="InvalidOperationException">A loss or a gradient that is not finite, with the step where it was met.</exception>
    public static UnrollResult Run(LstmOptimizer optimizer, Optimizee optimizee, int steps, int? truncation = null,
        torch.optim.Optimizer? metaOptimizer = null, Action<int, Tensor, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(optimizee);
        var segmentLength = truncation ?? steps;
        CheckHorizon(steps, segmentLength);
        var start = Optimizee.CheckParameters(optimizee.Start, nameof(optimizee));
        var coordinates = start.Sum(t => t.numel());
        var losses = new double[steps + 1];
        var train = metaOptimizer is not null;

        using var run = NewDisposeScope();
        var theta = start.Select(t => t.detach()).ToArray();
        var state = optimizer.InitialState(coordinates);
        for (var segmentStart = 0; segmentStart < steps; segmentStart += segmentLength)
        {
            var segmentEnd = Math.Min(steps, segmentStart + segmentLength);
            using var segment = NewDisposeScope();
            Tensor? metaLoss = null;
            for (var t = segmentStart; t < segmentEnd; t++)
            {
                var gradient = Gradient(optimizee, theta, t, out losses[t]);
                Tensor update;
                using (train ? enable_grad() : no_grad())
                {
                    (update, state) = optimizer.call(gradient, state);
                    theta = Step(theta, update);
                    if (train)
                    {
                        var term = optimizee.Loss(theta).mean();
                        metaLoss = metaLoss is null ? term : metaLoss + term;
                    }
                }
                if (observe is not null)
                {
                    using var noGrad = no_grad();
                    observe(t, gradient, update.detach());
                }
            }
            if (metaOptimizer is not null && metaLoss is not null)
            {
                var value = metaLoss.ToDouble();
                if (!double.IsFinite(value))
                    throw new InvalidOperationException(Invariant(
                        $"Steps {segmentStart + 1}-{segmentEnd} of the unroll: the optimizee's loss became {value} (not finite), so there is no meta-gradient. ") + Diverged(segmentEnd));
                metaOptimizer.zero_grad();
                metaLoss.backward();
                metaOptimizer.step();
            }
            // Truncation: theta and the LSTM state carry their values, not their graph, into the next segment.
            theta = theta.Select(t => t.detach().MoveToOuterDisposeScope()).ToArray();
            state = state.Detach().MoveToOuterDisposeScope();
        }
        using (no_grad()) losses[steps] = MeanLoss(optimizee, theta, steps);
        return new UnrollResult(losses);
    }

    /// <summary>
    /// Checks a horizon and a truncation: the horizon T at least 1, the truncation from 1 to T.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Which of the two is wrong, and what to use.</exception>
    public static void CheckHorizon(int steps, int truncation)
    {
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, Invariant($"The unroll horizon T must be at least 1 step; got {steps}. (The paper unrolls 100 steps.)"));
        if (truncation < 1)
            throw new ArgumentOutOfRangeException(nameof(truncation), truncation, Invariant($"The truncation must be at least 1 step; got {truncation}. (The paper truncates every 20 steps.)"));
        if (truncation > steps)
            throw new ArgumentOutOfRangeException(nameof(truncation), truncation,
                Invariant($"The truncation ({truncation} steps) is longer than the horizon ({steps} steps): a segment of back-propagation cannot be longer than the unroll. Use a truncation from 1 to {steps}."));
    }

    /// <summary>
    /// grad f(theta_t), flattened and concatenated over every parameter [n], computed on a detached copy of theta_t
    /// (a constant: no second derivatives); <paramref name="loss"/> is the mean loss there. Both are checked to be finite.
    /// </summary>
    /// <exception cref="InvalidOperationException">A non-finite loss or gradient, with the step.</exception>
    public static Tensor Gradient(Optimizee optimizee, IReadOnlyList<Tensor> theta, int step, out double loss)
    {
        ArgumentNullException.ThrowIfNull(optimizee);
        ArgumentNullException.ThrowIfNull(theta);
        using var scope = NewDisposeScope();
        Tensor flat;
        using (enable_grad())
        {
            var copy = theta.Select(t => t.detach().requires_grad_()).ToArray();
            var losses = optimizee.Loss(copy);
            loss = losses.detach().mean().ToDouble();
            if (!double.IsFinite(loss))
                throw new InvalidOperationException(Invariant($"Step {step} of the unroll: the optimizee's loss at theta_{step} is {loss} (not finite). ") + Diverged(step));
            var grads = Gradients.Of(losses.sum(), copy);
            flat = cat(grads.Select(g => g.flatten()).ToArray());
        }
        var bad = flat.isfinite().logical_not().sum().ToInt64();
        if (bad > 0)
            throw new InvalidOperationException(Invariant(
                $"Step {step} of the unroll: the optimizee's gradient at theta_{step} has {bad} non-finite entr{(bad == 1 ? "y" : "ies")} (NaN or infinity) out of {flat.numel()}. ") + Diverged(step));
        return flat.MoveToOuterDisposeScope();
    }

    /// <summary>theta + update: the flat update [n] cut into the parameters' shapes and added.</summary>
    public static Tensor[] Step(IReadOnlyList<Tensor> theta, Tensor update)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(update);
        var sizes = theta.Select(t => t.numel()).ToArray();
        if (update.dim() != 1 || update.size(0) != sizes.Sum())
            throw new ArgumentException($"The update has shape {Shapes.Format(update)} but the parameters have {sizes.Sum()} coordinates in all.", nameof(update));
        var pieces = update.split(sizes);
        return theta.Select((t, i) => t + pieces[i].view(t.shape)).ToArray();
    }

    private static double MeanLoss(Optimizee optimizee, IReadOnlyList<Tensor> theta, int step)
    {
        using var scope = NewDisposeScope();
        var loss = optimizee.Loss(theta).mean().ToDouble();
        if (!double.IsFinite(loss))
            throw new InvalidOperationException(Invariant($"Step {step} of the unroll: the optimizee's loss at theta_{step} is {loss} (not finite). ") + Diverged(step));
        return loss;
    }

    // What to do about a non-finite number met at a step: at the start it is the problem's; later, the updates'.
    private static string Diverged(int step) => step == 0
        ? "This is before any update: check theta_0 and the loss function."
        : "The updates have diverged, or the loss cannot be computed there: lower the output scale or the meta learning rate, " +
          "start from a smaller theta_0, or check the loss function.";
}
