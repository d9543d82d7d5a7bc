namespace MetaNotebooks.Cli.Commands;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <summary>Runs the handler now.</summary>
    public void Report(T value) => handler(value);
}
