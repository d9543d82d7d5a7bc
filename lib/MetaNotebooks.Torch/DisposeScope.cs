namespace MetaNotebooks.Torch;

/// <summary>
/// Frees every tensor created inside it (on this thread) when disposed, so that a training step
/// <c>using (torch.NewDisposeScope()) { ... }</c> releases its temporaries and a long loop stays flat.
/// Keep a result with <see cref="MoveToOuter"/> (or <see cref="Tensor.MoveToOuterDisposeScope"/>), or take it
/// out of every scope with <see cref="Tensor.DetachFromDisposeScope"/>. Scopes nest.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;
    private readonly DisposeScope? _outer;
    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => Open(_current);

    // The first scope of the chain that is not disposed: a scope disposed out of order (or on another thread) must
    // not stay current, or every tensor made afterwards would be added to it and never freed.
    private static DisposeScope? Open(DisposeScope? scope)
    {
        while (scope is { _disposed: true }) scope = scope._outer;
        return scope;
    }

    /// <summary>How many live tensors this scope will free.</summary>
    public int Count => _tensors.Count;

    internal void Add(Tensor t) => _tensors.Add(t);

    internal bool Remove(Tensor t) => _tensors.Remove(t);

    /// <summary>Moves a tensor from this scope to the enclosing one (or to none), so it survives this scope.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        // A tensor this scope does not own (an outer scope's, or none's) already outlives this scope: leave it be.
        if (!ReferenceEquals(tensor.Scope, this) || !_tensors.Remove(tensor)) return tensor;
        var outer = Open(_outer);
        outer?.Add(tensor);
        tensor.Scope = outer;
        return tensor;
    }

    /// <summary>Frees every tensor still owned by the scope and closes it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _tensors) t.DisposeHandle();
        _tensors.Clear();
        // Scopes close in LIFO order; tolerate a scope disposed out of order by unwinding to its parent.
        if (ReferenceEquals(_current, this)) _current = Open(_outer);
    }
}
