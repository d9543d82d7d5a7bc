namespace MetaNotebooks.Tests;

/// <summary>Fingerprints computed once and pinned: the same on every machine and .NET version, or the tests fail.</summary>
public static class GoldenFingerprints
{
    public const string Vinyals0 = "39db724a243a7719";
    public const string Maml1 = "6908420e95d65c48";
    public const string Test600FiveWayOneShot = "520c1f1e97e6611b";

    /// <summary>
    /// SHA-256 (first 16 hex digits) of all 1623 x 20 decoded 28x28 images: StbImageSharp + Pillow-exact Lanczos, inverted
    /// (cache format v2), equal to what Pillow 9.4.0 makes of every drawing (Fixtures/pillow_images_fingerprint.py). Printed by <c>MetaNotebooks.DataProbe fingerprints</c>; regenerate it there when the decoder or
    /// the resize changes on purpose.
    /// </summary>
    public const string Images28 = "01c827169127b17e";
}
