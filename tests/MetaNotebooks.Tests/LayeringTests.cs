using System.Text.RegularExpressions;

namespace MetaNotebooks.Tests;

/// <summary>
/// The library's folders depend on each other one way only: each may use the folders below it in
/// <see cref="Layers"/> and none above, and the method families inside Algorithms form no cycle. Read from the
/// <c>using</c> lines and fully qualified names of lib/MetaNotebooks, so that a new upward <c>using</c> fails here.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Bottom to top: Randomness and Tensors serve everything; data flows up to training.</summary>
    public static readonly string[] Layers = ["Randomness", "Tensors", "Data", "Episodes", "Networks", "Algorithms", "Evaluation", "Training"];

    [GeneratedRegex(@"\bMetaNotebooks\.(\w+(?:\.\w+)*)")]
    private static partial Regex Reference();

    private static string Library => Path.Combine(TestData.RepositoryRoot, "lib", "MetaNotebooks");

    /// <summary>(file's folder path, referenced namespace below MetaNotebooks) for every reference in code (comments skipped).</summary>
    public static IEnumerable<(string File, string Folder, string Used)> References(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/').Replace('/', '.');
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("namespace ", StringComparison.Ordinal)) continue;
                var comment = line.IndexOf("//", StringComparison.Ordinal);
                if (comment >= 0) line = line[..comment];
                foreach (Match m in Reference().Matches(line)) yield return (relative, folder, m.Groups[1].Value);
            }
        }
    }

    /// <summary>The offending references of <paramref name="references"/>: upward between top folders, or closing a cycle between Algorithms' families.</summary>
    public static List<string> Violations(IEnumerable<(string File, string Folder, string Used)> references)
    {
        var bad = new List<string>();
        var families = new Dictionary<string, HashSet<string>>();
        foreach (var (file, folder, used) in references)
        {
            var from = folder.Split('.')[0];
            var to = used.Split('.')[0];
            var (fromLayer, toLayer) = (Array.IndexOf(Layers, from), Array.IndexOf(Layers, to));
            if (fromLayer < 0) { bad.Add($"{file}: folder {from} is not in the layer list; add it to LayeringTests.Layers where it belongs"); continue; }
            if (toLayer < 0) continue;   // a type in the root namespace or another assembly's
            if (toLayer > fromLayer) bad.Add($"{file}: {from} uses MetaNotebooks.{used}, a layer above it ({string.Join(" -> ", Layers)})");
            var fromParts = folder.Split('.');
            var toParts = used.Split('.');
            if (from == "Algorithms" && to == "Algorithms" && fromParts.Length > 1 && toParts.Length > 1 && fromParts[1] != toParts[1] && char.IsUpper(toParts[1][0]))
            {
                if (!families.TryGetValue(fromParts[1], out var set)) families[fromParts[1]] = set = [];
                set.Add(toParts[1]);
            }
        }
        foreach (var cycle in Cycles(families)) bad.Add($"Algorithms' families depend on each other in a cycle: {cycle}");
        return bad;
    }

    private static IEnumerable<string> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>();   // 1 on the stack, 2 done
        var stack = new List<string>();
        var found = new List<string>();
        void Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1) found.Add(string.Join(" -> ", stack.Skip(stack.IndexOf(next)).Append(next)));
                else if (state.GetValueOrDefault(next) == 0) Visit(next);
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
        }
        foreach (var node in graph.Keys.ToList()) if (state.GetValueOrDefault(node) == 0) Visit(node);
        return found;
    }

    [Fact]
    public void The_library_depends_one_way_only()
    {
        var references = References(Library).ToList();
        Assert.True(references.Count > 100, $"only {references.Count} references read under {Library}");
        var bad = Violations(references);
        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    [Fact]
    public void An_upward_using_or_a_family_cycle_is_caught()
    {
        var references = References(Library).ToList();
        Assert.Contains(Violations([.. references, ("Data/Omniglot.cs", "Data", "Episodes")]), v => v.Contains("Data uses MetaNotebooks.Episodes", StringComparison.Ordinal));
        Assert.Contains(Violations([.. references, ("Algorithms/Learners.cs", "Algorithms", "Training")]), v => v.Contains("a layer above", StringComparison.Ordinal));
        Assert.Contains(Violations([.. references, ("Algorithms/Gradient/Maml.cs", "Algorithms.Gradient", "Algorithms.Model")]), v => v.Contains("cycle", StringComparison.Ordinal));
    }
}
