namespace MetaNotebooks.Algorithms;

/// <summary>The rule the trainer applies to the meta-gradient a learner leaves in its parameters' <c>.grad</c>.</summary>
public enum MetaOptimizer
{
    /// <summary>Adam (TorchSharp's <c>optim.Adam</c>): every method trained by a loss's gradient.</summary>
    Adam,

    /// <summary>
    /// Plain SGD, theta -= lr * grad: for a learner whose <c>.grad</c> is already a step direction, as Reptile's
    /// theta - mean(theta'), so that the trainer's rate and schedule are the method's outer step size (Reptile's epsilon).
    /// </summary>
    Sgd,
}
