using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>Sets a module's train/eval mode for a <c>using</c> block and restores the previous mode at its end.</summary>
public sealed class TrainingModeScope : IDisposable
{
    private readonly nn.Module _module;
    private readonly bool _previous;
    private bool _disposed;

    private TrainingModeScope(nn.Module module, bool mode)
    {
        _module = module;
        _previous = module.training;
        module.train(mode);
    }

    /// <summary><c>using var _ = TrainingModeScope.Evaluation(net);</c>: eval mode until the end of the block.</summary>
    public static TrainingModeScope Evaluation(nn.Module module) => new(module, false);

    /// <summary>Training mode until the end of the block.</summary>
    public static TrainingModeScope Training(nn.Module module) => new(module, true);

    /// <summary>Restores the mode the module had before.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _module.train(_previous);
    }
}

/// <summary>
/// The one idiom for a module's mode: <c>using var mode = net.EvaluationMode();</c> (running statistics, no dropout) or
/// <c>using var mode = net.TrainingMode();</c> (batch statistics), each until the end of the block.
/// </summary>
public static class TrainingModeScopeExtensions
{
    /// <summary>Eval mode until the scope ends; then the previous mode again.</summary>
    public static TrainingModeScope EvaluationMode(this nn.Module module) => TrainingModeScope.Evaluation(module);

    /// <summary>Training mode until the scope ends; then the previous mode again.</summary>
    public static TrainingModeScope TrainingMode(this nn.Module module) => TrainingModeScope.Training(module);
}
