using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// Linear centred kernel alignment (Kornblith et al. 2019), the similarity of two representations of the same inputs
/// that ANIL (Raghu et al. 2020) uses to show feature reuse: for activations X [n, p] and Y [n, q] of n inputs,
/// centred per feature, CKA = ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F). It is 1 for identical representations, and
/// unchanged by rotations and by scaling of either one, so it asks whether two layers see the inputs alike, not whether
/// their numbers match.
/// </summary>
public static class Cka
{
    /// <summary>Linear CKA of activations [n, p] and [n, q] of the same n inputs (computed in float64): a value in [0, 1].</summary>
    /// <exception cref="ArgumentException">The shapes are not 2-d with the same n, n is below 2, or a representation is constant.</exception>
    public static double Linear(Tensor x, Tensor y)
    {
        Shapes.Expect(x, nameof(x), "[n, p]", null, null);
        Shapes.Expect(y, nameof(y), $"[n, q] with the same n = {x.size(0)} inputs as x", x.size(0), null);
        if (x.size(0) < 2) throw new ArgumentException($"CKA compares representations of at least 2 inputs; got {x.size(0)}.", nameof(x));
        using var scope = NewDisposeScope();
        var xc = x.detach().to(float64);
        var yc = y.detach().to(float64);
        xc -= xc.mean([0], keepdim: true);
        yc -= yc.mean([0], keepdim: true);
        var cross = yc.t().mm(xc).pow(2).sum().ToDouble();
        var xx = xc.t().mm(xc).pow(2).sum().sqrt().ToDouble();
        var yy = yc.t().mm(yc).pow(2).sum().sqrt().ToDouble();
        if (xx == 0 || yy == 0)
            throw new ArgumentException("CKA is undefined for a representation that is the same for every input (all its features are constant).", xx == 0 ? nameof(x) : nameof(y));
        return cross / (xx * yy);
    }
}
