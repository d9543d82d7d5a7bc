using MetaNotebooks.Tensors;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.Metric;

/// <summary>Checks of a support set's labels shared by the metric learners that read them (Matching Networks, GNN).</summary>
internal static class SupportLabels
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> unless <paramref name="labels"/> is int64 [S] with S &gt; 0, every value in
    /// 0..N-1 and every class present at least once.
    /// </summary>
    public static void Require(Tensor labels, int ways, string name = "supportLabels")
    {
        Shapes.Expect(labels, name, "[S] support labels", (long?)null);
        Shapes.ExpectDtype(labels, name, ScalarType.Int64);
        if (ways < 2) throw new ArgumentOutOfRangeException(nameof(ways), ways, "An episode needs at least 2 classes (N).");
        if (labels.size(0) == 0)
            throw new ArgumentException("The support set is empty (K = 0 shots): every class needs at least one support image.", name);
        long[] values;
        using (var cpu = labels.cpu()) values = cpu.data<long>().ToArray();
        var bad = values.Where(v => v < 0 || v >= ways).ToList();
        if (bad.Count > 0)
            throw new ArgumentException($"Support label {bad[0]} is outside 0..{ways - 1} for a {ways}-way episode.", name);
        var missing = Enumerable.Range(0, ways).Where(k => !values.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"The support set has no example of class{(missing.Count == 1 ? "" : "es")} {string.Join(", ", missing)} " +
                $"(labels [{string.Join(", ", values.Take(20))}{(values.Length > 20 ? ", ..." : "")}] for a {ways}-way episode): " +
                "every class needs at least one support image.", name);
    }
}
