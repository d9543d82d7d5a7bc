namespace MetaNotebooks.Evaluation;

/// <summary>The papers' reported Omniglot accuracies (rotation-augmented Vinyals split), as data for results tables.</summary>
public static class PaperResults
{
    /// <summary>Prototypical Networks (Snell, Swersky &amp; Zemel 2017, Table 1): 98.8 / 99.7 / 96.0 / 98.9 for 5w1s / 5w5s / 20w1s / 20w5s.</summary>
    public static IReadOnlyList<PaperResult> ProtoNet { get; } =
    [
        new("ProtoNet", "Snell et al. 2017", 5, 1, 0.988),
        new("ProtoNet", "Snell et al. 2017", 5, 5, 0.997),
        new("ProtoNet", "Snell et al. 2017", 20, 1, 0.960),
        new("ProtoNet", "Snell et al. 2017", 20, 5, 0.989),
    ];

    /// <summary>Every reported number we carry.</summary>
    public static IReadOnlyList<PaperResult> All { get; } = [.. ProtoNet];

    /// <summary>The reported accuracy for a method and setting, or null when we carry none.</summary>
    public static PaperResult? Find(string method, int ways, int shots) =>
        All.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Ways == ways && r.Shots == shots);
}
