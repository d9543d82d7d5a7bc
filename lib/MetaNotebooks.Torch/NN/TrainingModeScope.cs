namespace MetaNotebooks.Torch;

/// <summary>
/// Puts a module in evaluation (or training) mode and restores its previous mode when disposed:
/// <c>using (net.EvaluationMode()) { ... }</c> around a prediction that must not change how the caller left the module.
/// </summary>
public sealed class TrainingModeScope : IDisposable
{
    private readonly torch.nn.Module _module;
    private readonly bool _previous;
    private bool _disposed;

    internal TrainingModeScope(torch.nn.Module module, bool mode)
    {
        _module = module;
        _previous = module.training;
        module.train(mode);
    }

    /// <summary>Restores the mode the module had before.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _module.train(_previous);
    }
}
