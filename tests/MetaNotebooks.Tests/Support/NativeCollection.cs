namespace MetaNotebooks.Tests;

/// <summary>
/// Tests that touch libtorch run in one sequential collection (global seed, grad mode and threads). The collection
/// shares one <see cref="OmniglotFixture"/>: the full Omniglot cache is built once per test run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeCollection : ICollectionFixture<OmniglotFixture>
{
    public const string Name = "native";
}
