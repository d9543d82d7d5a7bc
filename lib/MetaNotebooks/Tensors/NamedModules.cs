using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// A module that only holds named child modules (registered as given), so a learner made of several networks has one
/// state dict (names prefixed by the child's name, e.g. <c>embedding.body.0.weight</c>) and one train/eval switch.
/// (TorchSharp 0.107's ModuleDict does not report its items' parameters, so it cannot serve here.)
/// </summary>
public sealed class NamedModules : nn.Module
{
    /// <summary>Registers every (name, module) pair as a child, in order.</summary>
    public NamedModules(params (string Name, nn.Module Module)[] children) : base(nameof(NamedModules))
    {
        foreach (var (name, module) in children) register_module(name, module);
    }
}
