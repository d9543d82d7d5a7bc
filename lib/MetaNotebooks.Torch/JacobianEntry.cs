namespace MetaNotebooks.Torch;

/// <summary>
/// One entry of a Jacobian compared by <c>torch.autograd.gradcheck</c>:
/// d(output[OutputIndex]) / d(input[InputIndex]), as autograd computed it (Analytical) and as central finite
/// differences measured it (Numerical).
/// </summary>
/// <param name="Input">Which input (position in the list passed to the check).</param>
/// <param name="InputName">The input in words: "input 1", or "grad_outputs[0]" in gradgradcheck.</param>
/// <param name="InputIndex">The element of that input (one index per dimension).</param>
/// <param name="Output">Which output of the function.</param>
/// <param name="OutputName">The output in words: "output 0", or "d(outputs)/d(input 1)" in gradgradcheck.</param>
/// <param name="OutputIndex">The element of that output.</param>
/// <param name="Analytical">The derivative autograd computed.</param>
/// <param name="Numerical">The central finite difference (f(x + eps) - f(x - eps)) / (2 eps).</param>
public sealed record JacobianEntry(int Input, string InputName, long[] InputIndex, int Output, string OutputName, long[] OutputIndex,
    double Analytical, double Numerical)
{
    /// <summary>|Analytical - Numerical|.</summary>
    public double AbsError => Math.Abs(Analytical - Numerical);

    /// <summary>"d(output 0)[1, 2] / d(input 1)[0]".</summary>
    public string Where => $"d({OutputName}){Format(OutputIndex)} / d({InputName}){Format(InputIndex)}";

    private static string Format(long[] index) => "[" + string.Join(", ", index) + "]";
}
