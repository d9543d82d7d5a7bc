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

    // The set is locked: a tensor may be disposed (and so removed from its scope) on another thread, e.g. by the
    // consumer of a data-loading queue, while this thread adds tensors; unguarded, that corrupts the HashSet.

    /// <summary>How many live tensors this scope will free.</summary>
    public int Count
    {
        get
        {
            lock (_tensors) return _tensors.Count;
        }
    }

    internal void Add(Tensor t)
    {
        lock (_tensors) _tensors.Add(t);
    }

    internal bool Remove(Tensor t)
    {
        lock (_tensors) return _tensors.Remove(t);
    }

    /// <summary>Moves a tensor from this scope to the enclosing one (or to none), so it survives this scope.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        // A tensor this scope does not own (an outer scope's, or none's) already outlives this scope: leave it be.
        if (!ReferenceEquals(tensor.Scope, this) || !Remove(tensor)) return tensor;
        var outer = Open(_outer);
        outer?.Add(tensor);
        tensor.Scope = outer;
        return tensor;
    }

    /// <summary>Frees every tensor still owned by the scope and closes it.</summary>
    public void Dispose()
    {
        Tensor[] owned;
        lock (_tensors)
        {
            if (_disposed) return;
            _disposed = true;
            owned = _tensors.ToArray();
            _tensors.Clear();
        }
        foreach (var t in owned) t.DisposeHandle();
        // Scopes close in LIFO order; tolerate a scope disposed out of order by unwinding to its parent.
        if (ReferenceEquals(_current, this)) _current = Open(_outer);
    }
}
