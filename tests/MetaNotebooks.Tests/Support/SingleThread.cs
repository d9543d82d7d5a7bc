
namespace MetaNotebooks.Tests;

/// <summary>
/// Runs libtorch on one thread until disposed: on this shared 2-core machine two OpenMP threads competing with another
/// busy process run training 10-40x slower than one thread, and one thread also fixes the reduction order.
/// </summary>
public sealed class SingleThread : IDisposable
{
    private readonly int _previous = torch.get_num_threads();

    public SingleThread() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_previous);
}
