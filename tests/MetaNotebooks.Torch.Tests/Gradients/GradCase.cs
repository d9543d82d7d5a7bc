namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>
/// One differentiable operation to check against finite differences: a name (the visible xunit case), a factory for
/// seeded float64 inputs (those that require grad are checked), and the function of them.
/// </summary>
public sealed record GradCase(string Name, Func<Tensor[]> Inputs, Func<Tensor[], Tensor[]> Forward, bool ZeroDerivative = false)
{
    private const long Seed = 20240611;

    /// <summary>A case with one output.</summary>
    public static GradCase Of(string name, Func<Tensor[]> inputs, Func<Tensor[], Tensor> forward, bool zeroDerivative = false) =>
        new(name, inputs, x => new[] { forward(x) }, zeroDerivative);

    /// <summary>A case with several outputs (split, chunk, an LSTM cell's (h, c)).</summary>
    public static GradCase Many(string name, Func<Tensor[]> inputs, Func<Tensor[], Tensor[]> forward) => new(name, inputs, forward);

    /// <summary>The case names of a table, for [MemberData].</summary>
    public static TheoryData<string> Names(IEnumerable<GradCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases) data.Add(c.Name);
        return data;
    }

    public static GradCase Find(IEnumerable<GradCase> cases, string name) => cases.Single(c => c.Name == name);

    /// <summary>The Jacobian from backward passes matches central finite differences.</summary>
    public void CheckFirstOrder() => Check(inputs => torch.autograd.gradcheck(Forward, inputs, raise_exception: false), ZeroDerivative);

    /// <summary>The Jacobian of the first derivative (with respect to the inputs and random grad_outputs) matches finite differences.</summary>
    public void CheckSecondOrder() => Check(inputs => torch.autograd.gradgradcheck(Forward, inputs, raise_exception: false), ZeroDerivative);

    private void Check(Func<Tensor[], GradcheckResult> check, bool zeroDerivative)
    {
        using var threads = new SingleThread();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(Seed);
        var inputs = Inputs();
        Assert.Contains(inputs, t => t.requires_grad);
        var result = check(inputs);
        Assert.True(result.Passed, $"{Name}: {result.Message}");
        Assert.True(result.Entries > 0, $"{Name}: no Jacobian entry was compared.");
        // A check that compares only zeros proves nothing: every case must have a non-zero derivative somewhere,
        // except ops whose derivative is zero everywhere (floor, sign), where the zero is what is being checked.
        if (zeroDerivative) Assert.Equal(0.0, result.MaxAbsDerivative);
        else Assert.True(result.MaxAbsDerivative > 1e-3, $"{Name}: every derivative is ~0 ({result.MaxAbsDerivative:G3}), so the check is vacuous.");
    }

    public override string ToString() => Name;
}
