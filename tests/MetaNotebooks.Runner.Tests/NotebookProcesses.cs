namespace MetaNotebooks.Runner.Tests;

/// <summary>
/// Tests that start kernel processes or Chromium run one at a time (2 cores), sharing one browser and one
/// run of the fixture notebooks.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotebookProcesses : ICollectionFixture<BrowserFixture>, ICollectionFixture<ExecutedFixtures>
{
    public const string Name = "Notebook processes";
}
