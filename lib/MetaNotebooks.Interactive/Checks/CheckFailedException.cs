namespace MetaNotebooks.Interactive.Checks;

/// <summary>A notebook check that did not hold; the message says which quantity and by how much.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
