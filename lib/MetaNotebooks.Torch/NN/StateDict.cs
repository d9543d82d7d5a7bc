namespace MetaNotebooks.Torch;

/// <summary>Helpers over state dictionaries (name -> tensor), as modules, optimizers and checkpoints write them.</summary>
public static class StateDict
{
    /// <summary>
    /// The entries whose names start with <paramref name="prefix"/> ("backbone."), with the prefix removed: the state of
    /// one part of a larger model. The tensors are the same objects (not copies).
    /// </summary>
    public static Dictionary<string, Tensor> Part(IReadOnlyDictionary<string, Tensor> state, string prefix) =>
        state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
