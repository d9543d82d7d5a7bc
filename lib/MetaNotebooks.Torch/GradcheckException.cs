namespace MetaNotebooks.Torch;

/// <summary>Thrown by <c>torch.autograd.gradcheck</c> / <c>gradgradcheck</c> when autograd and finite differences disagree.</summary>
public sealed class GradcheckException : Exception
{
    /// <summary>Wraps a failed check; the message names the input, element and errors.</summary>
    public GradcheckException(GradcheckResult result) : base(result.Message) => Result = result;

    /// <summary>The failed check's details.</summary>
    public GradcheckResult Result { get; }
}
