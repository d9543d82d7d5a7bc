using MetaNotebooks.Algorithms;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// Maps the names results are reported under (a CLI name, an alias, or a learner's display name such as "Meta-SGD" or
/// "LSTM meta-learner") to the registry's canonical names, so that results of the CLI and the notebooks line up.
/// </summary>
public static class MethodNames
{
    /// <summary>The pixel-space nearest-neighbour baseline, which has nothing to train and so no registry entry.</summary>
    public const string PixelNearestNeighbour = "pixelnn";

    /// <summary>The canonical name of <paramref name="name"/> ("Meta-SGD" gives "metasgd"), or the name itself when no method matches.</summary>
    public static string Canonical(string name)
    {
        var key = Key(name);
        if (key == PixelNearestNeighbour) return PixelNearestNeighbour;
        foreach (var method in Learners.All)
            if (Key(method.Name) == key || method.Aliases.Any(a => Key(a) == key)) return method.Name;
        return name;
    }

    /// <summary>The family of a canonical name ("metric", ...; "baseline" for the pixel baseline), or null for an unknown name.</summary>
    public static string? Family(string canonical) =>
        canonical == PixelNearestNeighbour ? "baseline" : Learners.All.FirstOrDefault(m => m.Name == canonical)?.Family;

    private static string Key(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
}
