using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// Numbers come from the run (notebooks/README.md, "Numbers in prose"): a percentage or an accuracy in a notebook's
/// Markdown is a paper's number in a sentence naming its source (authors or a year), a number a file in <c>results/</c>
/// holds, or not a measurement (an interval, chance, a floor a check asserts); any other is a number one run gave, which
/// a rerun on another machine or a GPU contradicts, and belongs in a cell's output.
/// </summary>
public sealed partial class ProseNumbersTests
{
    [Fact]
    public void Markdown_states_no_measured_percentage_the_run_does_not_print()
    {
        var backed = ResultsNumbers();
        var unbacked = new List<string>();
        foreach (var notebook in CourseExercisesTests.CourseNotebooks())
        {
            var path = Path.Combine(TestPaths.Notebooks, notebook);
            var doc = NotebookDocument.Load(path);
            foreach (var cell in doc.Cells.Where(c => c.Kind == CellKind.Markdown))
            {
                foreach (var (number, sentence) in Unbacked(cell.Source, backed))
                {
                    unbacked.Add($"{Path.GetFileName(path)}: cell {cell.Number}: {number} in \"{sentence}\"");
                }
            }
        }
        Assert.True(unbacked.Count == 0,
            $"{unbacked.Count} number(s) in the notebooks' prose are neither printed by the run nor in results/ nor a cited paper's. " +
            "Print each from a cell (and refer to the output), cite the paper it comes from (authors and year in the sentence), or delete it:\n" +
            string.Join("\n", unbacked));
    }

    [Fact]
    public void The_scan_tells_a_measured_number_from_a_cited_an_archived_or_a_fixed_one()
    {
        var backed = new HashSet<string> { "94.24" };
        string[] Flagged(string markdown) => Unbacked(markdown, backed).Select(u => u.Number).ToArray();
        Assert.Equal(["93.5%"], Flagged("Our ProtoNet reaches 93.5% here. Snell et al. (2017) report 98.8% with 60-way training."));
        Assert.Empty(Flagged("Snell et al. report 98.8%, and the longer run in results/ reached 94.24%."));
        Assert.Empty(Flagged("Each accuracy comes with its 95% interval; chance is 20% in a 5-way task; the check's floor is 90%."));
        Assert.Empty(Flagged("The code `Check.That(acc > 0.9)` and ```\nprint(\"97%\")\n``` are code, not prose."));
        Assert.Equal(["accuracy 0.87"], Flagged("After training, the accuracy 0.87 shows it worked."));
    }

    /// <summary>The percentages (and "accuracy 0.xx") of a Markdown cell that nothing backs, each with its sentence.</summary>
    internal static IEnumerable<(string Number, string Sentence)> Unbacked(string markdown, IReadOnlySet<string> backed)
    {
        var prose = InlineCode().Replace(FencedCode().Replace(markdown, " "), " ").Replace("et al.", "et al", StringComparison.Ordinal)
            .Replace("e.g.", "eg", StringComparison.Ordinal).Replace("i.e.", "ie", StringComparison.Ordinal);
        foreach (var sentence in SentenceBreak().Split(prose).Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            if (Cited().IsMatch(sentence) || NotMeasured().IsMatch(sentence)) continue;
            foreach (Match m in Measured().Matches(sentence))
            {
                var value = m.Groups["percent"].Success ? m.Groups["percent"].Value : m.Groups["fraction"].Value;
                if (m.Groups["percent"].Success && backed.Contains(value)) continue;
                yield return (m.Value.Trim(), sentence.Length > 200 ? sentence[..200] + "..." : sentence);
            }
        }
    }

    /// <summary>The accuracies and intervals the results files hold, as <c>metanb results</c> prints them (two decimals) and to one decimal.</summary>
    private static HashSet<string> ResultsNumbers()
    {
        var numbers = new HashSet<string>();
        var folder = Path.Combine(TestPaths.RepoRoot, "results");
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories) : [])
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonObject record) continue;
            foreach (var key in new[] { "accuracy", "ci95" })
            {
                if (record[key]?.GetValue<double>() is not { } value) continue;
                numbers.Add(value.ToString("0.00", CultureInfo.InvariantCulture));
                numbers.Add(value.ToString("0.0", CultureInfo.InvariantCulture));
            }
        }
        return numbers;
    }

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(?<=[.!?;])\s+|\n")]
    private static partial Regex SentenceBreak();

    // A paper's number: the sentence names its source.
    [GeneratedRegex(@"et al|\b(19|20)\d\d\b")]
    private static partial Regex Cited();

    // Not a measurement: an interval's level, chance (guessing), a floor or bound a check asserts.
    [GeneratedRegex(@"interval|half-width|confidence|chance|guess|floor|at least|≥|≤|>=|<=", RegexOptions.IgnoreCase)]
    private static partial Regex NotMeasured();

    [GeneratedRegex(@"(?<percent>\d+(?:\.\d+)?)\s*%|accuracy (?:of )?(?<fraction>0\.\d+)")]
    private static partial Regex Measured();
}
