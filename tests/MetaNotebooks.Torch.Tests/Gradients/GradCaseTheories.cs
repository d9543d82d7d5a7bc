namespace MetaNotebooks.Torch.Tests.Gradients;

/// <summary>A test class that holds a table of gradient cases.</summary>
public interface IGradCaseTable
{
    /// <summary>The named cases, one theory row each.</summary>
    static abstract GradCase[] Cases { get; }
}

/// <summary>
/// The two theories every gradient table runs: each case's first and second derivatives against finite
/// differences. A table class derives from this with itself as <typeparamref name="TTable"/>.
/// </summary>
public abstract class GradCaseTheories<TTable> where TTable : IGradCaseTable
{
    public static TheoryData<string> Ops => GradCase.Names(TTable.Cases);

    [Theory]
    [MemberData(nameof(Ops))]
    public void First_derivative_matches_finite_differences(string op) => GradCase.Find(TTable.Cases, op).CheckFirstOrder();

    [Theory]
    [MemberData(nameof(Ops))]
    public void Second_derivative_matches_finite_differences(string op) => GradCase.Find(TTable.Cases, op).CheckSecondOrder();
}
