namespace MetaNotebooks.Tests;

/// <summary>Fingerprints computed once and pinned: the same on every machine and .NET version, or the tests fail.</summary>
public static class GoldenFingerprints
{
    public const string Vinyals0 = "39db724a243a7719";
    public const string Maml1 = "6908420e95d65c48";
    public const string Test600FiveWayOneShot = "520c1f1e97e6611b";
}
