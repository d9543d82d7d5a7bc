using System.Globalization;

namespace MetaNotebooks.Torch;

/// <summary>
/// The outcome of <c>torch.autograd.gradcheck</c> or <c>torch.autograd.gradgradcheck</c>: whether every entry of every
/// Jacobian satisfies |analytical - numerical| &lt;= atol + rtol * |numerical| (PyTorch's criterion), the largest errors,
/// and the worst entry (the one furthest outside, or closest to, that tolerance).
/// </summary>
/// <param name="Check">"gradcheck" or "gradgradcheck".</param>
/// <param name="Passed">True when every entry is within tolerance.</param>
/// <param name="MaxAbsError">The largest |analytical - numerical| over all entries.</param>
/// <param name="MaxRelError">The largest |analytical - numerical| / (|numerical| + atol) over all entries.</param>
/// <param name="Entries">How many Jacobian entries were compared.</param>
/// <param name="MaxAbsDerivative">The largest |numerical| entry: near zero, the check compared only zeros (a function
/// that does not depend on its inputs, or a zero second derivative).</param>
/// <param name="Worst">The entry with the largest error relative to its tolerance (null when there were no entries).</param>
/// <param name="Eps">The finite-difference step.</param>
/// <param name="Atol">The absolute tolerance.</param>
/// <param name="Rtol">The relative tolerance.</param>
public sealed record GradcheckResult(string Check, bool Passed, double MaxAbsError, double MaxRelError, long Entries, double MaxAbsDerivative, JacobianEntry? Worst,
    double Eps, double Atol, double Rtol)
{
    /// <summary>A sentence saying what was checked and, on failure, which input and element disagree and by how much.</summary>
    public string Message
    {
        get
        {
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{Entries} Jacobian entries (largest |derivative| {MaxAbsDerivative:G3}), max abs error {MaxAbsError:E2}, max rel error {MaxRelError:E2} (eps {Eps:G3}, atol {Atol:G3}, rtol {Rtol:G3})");
            if (Passed) return $"{Check} passed: {summary}.";
            var w = Worst!;
            var tolerance = Atol + Rtol * Math.Abs(w.Numerical);
            return FormattableString.Invariant($"{Check} failed: {w.Where} is {w.Analytical:G10} by autograd but {w.Numerical:G10} by finite differences ") +
                   FormattableString.Invariant($"(|difference| {w.AbsError:E2} > atol + rtol * |numerical| = {tolerance:E2}); {summary}. ") +
                   $"The backward formula of an operation between {w.InputName} and {w.OutputName} is wrong, the function is not " +
                   "differentiable there (a kink or a tie within eps), or it is not deterministic.";
        }
    }

    /// <inheritdoc cref="Message"/>
    public override string ToString() => Message;
}
