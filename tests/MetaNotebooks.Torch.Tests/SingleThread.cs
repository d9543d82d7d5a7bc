namespace MetaNotebooks.Torch.Tests;

/// <summary>
/// Runs libtorch's CPU kernels on one thread until disposed. Gradient checks run thousands of ops on tensors of a few
/// elements, where starting threads costs far more than the work, and on a busy machine waiting threads slow the run
/// several-fold.
/// </summary>
public sealed class SingleThread : IDisposable
{
    private readonly int _previous = torch.get_num_threads();

    public SingleThread() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_previous);
}
