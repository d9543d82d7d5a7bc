namespace MetaNotebooks.Data;

/// <summary>An alphabet the tree must hold: its folder name and how many characters (character01..characterNN) it has.</summary>
public sealed record AlphabetSpec(string Name, int Characters);
