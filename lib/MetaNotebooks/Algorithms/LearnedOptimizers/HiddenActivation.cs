namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>The hidden layer's nonlinearity of a <see cref="SinusoidNetworks"/> optimizee.</summary>
public enum HiddenActivation
{
    /// <summary>The logistic sigmoid (the paper's MNIST network, on which its optimizer is trained).</summary>
    Sigmoid,

    /// <summary>ReLU (the paper's test of generalisation to another activation, where its optimizer fails).</summary>
    Relu,
}
