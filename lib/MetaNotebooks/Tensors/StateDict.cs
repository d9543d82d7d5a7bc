using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>Helpers for state dictionaries (name -> tensor), as TorchSharp's <c>state_dict()</c> returns them.</summary>
public static class StateDict
{
    /// <summary>
    /// <paramref name="module"/>'s state (parameters and buffers) as new tensor handles on the same storage, names
    /// prefixed with <paramref name="prefix"/>: the caller may dispose them (TorchSharp's <c>state_dict()</c> returns the
    /// module's own parameter objects, and disposing those breaks the module).
    /// </summary>
    public static Dictionary<string, Tensor> Of(TorchSharp.torch.nn.Module module, string prefix = "") =>
        module.state_dict().ToDictionary(kv => prefix + kv.Key, kv => kv.Value.detach().DetachFromDisposeScope());

    /// <summary>The entries whose names start with <paramref name="prefix"/>, with the prefix removed (same tensors, not copies).</summary>
    public static Dictionary<string, Tensor> Part(IReadOnlyDictionary<string, Tensor> state, string prefix) =>
        state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    /// <summary>
    /// Loads <paramref name="state"/> into <paramref name="module"/>, requiring exactly its keys and shapes: a missing,
    /// unexpected or mis-shaped entry is an <see cref="ArgumentException"/> that names it (TorchSharp's own message
    /// names neither), and nothing is changed then.
    /// </summary>
    public static void Load(TorchSharp.torch.nn.Module module, IReadOnlyDictionary<string, Tensor> state, string what)
    {
        var own = module.state_dict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException(
                $"This state does not fit {what}: " +
                (missing.Count > 0 ? $"missing {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}. " : "") +
                (unexpected.Count > 0 ? $"unexpected {string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", ..." : "")}. " : "") +
                "Was it saved by another method, or with other settings?", nameof(state));
        foreach (var (name, t) in own)
            if (!t.shape.SequenceEqual(state[name].shape))
                throw new ArgumentException($"Entry {name} has shape {Shapes.Format(state[name])} but {what} needs {Shapes.Format(t)}: it was saved with other settings.", nameof(state));
        // Each entry moves to the device of the tensor it fills, so a state saved on one device loads on any other.
        using var scope = TorchSharp.torch.NewDisposeScope();
        module.load_state_dict(state.ToDictionary(kv => kv.Key, kv => kv.Value.device == own[kv.Key].device ? kv.Value : kv.Value.to(own[kv.Key].device)), strict: true);
    }
}
