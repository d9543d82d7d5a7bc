namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>The hand-designed optimizers a learned optimizer is compared with (Andrychowicz et al. 2016, Figure 2).</summary>
public enum BaselineKind
{
    /// <summary>SGD: theta -= lr * g.</summary>
    Sgd,

    /// <summary>SGD with (heavy-ball) momentum 0.9: v = 0.9 v + g, theta -= lr * v (PyTorch's form).</summary>
    Momentum,

    /// <summary>RMSprop (Tieleman &amp; Hinton 2012) with PyTorch's defaults: s = 0.99 s + 0.01 g^2, theta -= lr * g / (sqrt(s) + 1e-8).</summary>
    RmsProp,

    /// <summary>Adam (Kingma &amp; Ba 2015): beta1 0.9, beta2 0.999, eps 1e-8, with bias correction.</summary>
    Adam,
}
