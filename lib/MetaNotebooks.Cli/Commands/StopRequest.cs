using System.Runtime.InteropServices;

namespace MetaNotebooks.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM during a long run: the first signal cancels <see cref="Token"/> (the trainer finishes its
/// step, and its validation if one is under way, then the command saves and exits 130), however long that takes; a second
/// signal quits at once (exit 130), keeping the last checkpoint, which is written atomically. Registered after
/// System.CommandLine's own handler, it answers first and stops the signal there, so System.CommandLine's forced exit
/// (which would end the process before the checkpoint is saved when a step and a validation outlast its timeout) never
/// starts. A process that inherited SIGINT as ignored (a background job of a non-interactive shell: <c>cmd &amp;</c> in a
/// script) never sees Ctrl+C or <c>kill -INT</c>, since .NET keeps an inherited ignore; it is told so at the start and
/// stops the same way on SIGTERM (<c>kill PID</c>).
/// </summary>
public sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    /// <summary>Listens for SIGINT and SIGTERM (and stops too when <paramref name="outer"/> is cancelled).</summary>
    public StopRequest(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
        if (InterruptIgnored())
            Console.Error.WriteLine($"Note: this process ignores SIGINT (inherited, e.g. from a background job of a non-interactive shell), so Ctrl+C " +
                $"and kill -INT do nothing; stop it with kill {Environment.ProcessId} (SIGTERM), which saves the checkpoint the same way.");
    }

    /// <summary>Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); false where that cannot be read.</summary>
    public static bool InterruptIgnored()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Cancelled at the first signal (or when the outer token is).</summary>
    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) > 1) Environment.Exit(130);
        _source.Cancel();
        Console.Error.WriteLine("Stopping after the current step (and its validation, if one is under way), then saving the checkpoint; " +
            "press Ctrl+C again to quit without saving.");
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
