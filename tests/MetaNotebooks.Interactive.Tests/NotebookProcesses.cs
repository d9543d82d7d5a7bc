namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// Tests that touch libtorch, start kernel processes or Chromium run one at a time (2 cores), sharing one browser.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotebookProcesses : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Notebook processes";
}
