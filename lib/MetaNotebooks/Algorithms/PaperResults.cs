namespace MetaNotebooks.Algorithms;

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

    /// <summary>MAML (Finn, Abbeel &amp; Levine 2017, Table 1): 98.7 / 99.9 / 95.8 / 98.9.</summary>
    public static IReadOnlyList<PaperResult> Maml { get; } = Four("MAML", "Finn et al. 2017", 0.987, 0.999, 0.958, 0.989);

    /// <summary>First-order MAML (Finn et al. 2017, Table 1): 98.3 / 99.2 / 89.4 / 97.9.</summary>
    public static IReadOnlyList<PaperResult> FoMaml { get; } = Four("FOMAML", "Finn et al. 2017", 0.983, 0.992, 0.894, 0.979);

    /// <summary>
    /// Reptile (Nichol, Achiam &amp; Schulman 2018, Omniglot, transductive): 97.68 / 99.48 / 89.43 / 97.12. The course's
    /// Reptile normalises a query batch by its own statistics (transductive, as MAML), so it compares with these; the
    /// paper's non-transductive numbers are <see cref="ReptileNonTransductive"/>.
    /// </summary>
    public static IReadOnlyList<PaperResult> Reptile { get; } = Four("Reptile", "Nichol et al. 2018 (transductive)", 0.9768, 0.9948, 0.8943, 0.9712);

    /// <summary>Reptile (Nichol et al. 2018, Omniglot, non-transductive: each query classified alone): 95.39 / 98.90 / 88.14 / 96.65.</summary>
    public static IReadOnlyList<PaperResult> ReptileNonTransductive { get; } = Four("Reptile", "Nichol et al. 2018 (non-transductive)", 0.9539, 0.9890, 0.8814, 0.9665);

    /// <summary>Meta-SGD (Li et al. 2017, Table 1): 99.5 / 99.9 / 95.9 / 99.0.</summary>
    public static IReadOnlyList<PaperResult> MetaSgd { get; } = Four("Meta-SGD", "Li et al. 2017", 0.995, 0.999, 0.959, 0.990);

    /// <summary>ANIL (Raghu et al. 2020, Table 2): Omniglot 20-way only, 96.2 (1-shot) / 98.0 (5-shot).</summary>
    public static IReadOnlyList<PaperResult> Anil { get; } =
    [
        new("ANIL", "Raghu et al. 2020", 20, 1, 0.962),
        new("ANIL", "Raghu et al. 2020", 20, 5, 0.980),
    ];

    /// <summary>Siamese networks (Koch, Zemel &amp; Salakhutdinov 2015, as quoted by Vinyals et al. 2016, Table 1): 97.3 / 98.4 / 88.2 / 97.0.</summary>
    public static IReadOnlyList<PaperResult> Siamese { get; } = Four("Siamese", "a Siamese net as quoted by Vinyals et al. 2016", 0.973, 0.984, 0.882, 0.970);

    /// <summary>Relation Networks (Sung et al. 2018, Table 1): 99.6 / 99.8 / 97.6 / 99.1.</summary>
    public static IReadOnlyList<PaperResult> Relation { get; } = Four("Relation", "Sung et al. 2018", 0.996, 0.998, 0.976, 0.991);

    /// <summary>Matching Networks (Vinyals et al. 2016, Table 1, cosine, no fine-tuning): 98.1 / 98.9 / 93.8 / 98.5.</summary>
    public static IReadOnlyList<PaperResult> Matching { get; } = Four("Matching", "Vinyals et al. 2016", 0.981, 0.989, 0.938, 0.985);

    /// <summary>Graph neural networks (Garcia &amp; Bruna 2018, Table 1): 99.2 / 99.7 / 97.4 / 99.0.</summary>
    public static IReadOnlyList<PaperResult> Gnn { get; } = Four("GNN", "Garcia & Bruna 2018", 0.992, 0.997, 0.974, 0.990);

    /// <summary>
    /// MANN (Santoro et al. 2016) as Finn et al. 2017's Table 1 quotes it ("MANN, no conv"): 82.8 (5-way 1-shot) / 94.9
    /// (5-way 5-shot), its accuracy at the 2nd and 5th instance of a class in Santoro et al.'s sequence protocol.
    /// </summary>
    public static IReadOnlyList<PaperResult> Mann { get; } =
    [
        new("MANN", "Santoro et al. 2016 as quoted by Finn et al. 2017", 5, 1, 0.828),
        new("MANN", "Santoro et al. 2016 as quoted by Finn et al. 2017", 5, 5, 0.949),
    ];

    /// <summary>
    /// Santoro et al. 2016, Table 1 (Omniglot, 5 classes per episode, MANN with LRU access): accuracy at the 1st, 2nd, 3rd,
    /// 4th, 5th and 10th instance of a class in the sequence protocol (percent).
    /// </summary>
    public static IReadOnlyList<(int Instance, double Accuracy)> MannByInstance { get; } =
        [(1, 0.364), (2, 0.828), (3, 0.910), (4, 0.926), (5, 0.949), (10, 0.981)];

    /// <summary>Meta Networks (Munkhdalai &amp; Yu 2017, Table 1): 98.95 (5-way 1-shot) and 97.00 (20-way 1-shot).</summary>
    public static IReadOnlyList<PaperResult> MetaNet { get; } =
    [
        new("MetaNet", "Munkhdalai & Yu 2017", 5, 1, 0.9895),
        new("MetaNet", "Munkhdalai & Yu 2017", 20, 1, 0.9700),
    ];

    /// <summary>Every reported number we carry.</summary>
    public static IReadOnlyList<PaperResult> All { get; } = [.. ProtoNet, .. Maml, .. FoMaml, .. Reptile, .. MetaSgd, .. Anil, .. Siamese, .. Matching, .. Relation, .. Gnn, .. Mann, .. MetaNet];

    private static PaperResult[] Four(string method, string source, double w5s1, double w5s5, double w20s1, double w20s5) =>
    [
        new(method, source, 5, 1, w5s1),
        new(method, source, 5, 5, w5s5),
        new(method, source, 20, 1, w20s1),
        new(method, source, 20, 5, w20s5),
    ];

    /// <summary>The reported accuracy for a method and setting, or null when we carry none.</summary>
    public static PaperResult? Find(string method, int ways, int shots) =>
        All.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Ways == ways && r.Shots == shots);
}
