namespace MetaNotebooks.Torch.Tests;

/// <summary>Tests that touch libtorch run in one sequential collection (global seed, grad mode and threads).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeCollection
{
    public const string Name = "native";
}
