using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Models;

/// <summary>
/// A module made of named parts (e.g. "embedding" and "head"), registered as sub-modules so that parameters(),
/// train()/eval() and state_dict() cover them all, names prefixed by the part's ("embedding.body.0.weight"). It has no
/// forward of its own: the learner that owns it calls the parts. (TorchSharp 0.107's ModuleDict does not report its
/// items' parameters, so it cannot serve here.)
/// </summary>
public sealed class NamedParts : nn.Module
{
    /// <summary>Registers each (name, module) as a sub-module, in order.</summary>
    public NamedParts(params (string Name, nn.Module Module)[] parts) : base(nameof(NamedParts))
    {
        if (parts.Length == 0) throw new ArgumentException("NamedParts needs at least one part.", nameof(parts));
        foreach (var (name, module) in parts) register_module(name, module);
    }
}
