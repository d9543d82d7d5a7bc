using System.Text.Json;
using System.Text.Json.Serialization;
using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// One test result with its provenance: what was scored (method, setting, the fingerprinted episode set and the correct
/// queries of every episode), how it was trained (profile, steps, time, seed, the training command) and where
/// (device, threads, commit, the command that scored it, the date). <c>metanb eval --results</c> writes one file per
/// setting; a notebook's <c>Course.Result</c> writes the same object into the run's <c>results.json</c>. Accuracies are
/// in percent; <see cref="Accuracy"/> and <see cref="Ci95"/> are exactly what <see cref="Evaluation.Accuracy.Summarize"/>
/// gives for <see cref="Correct"/> / <see cref="Queries"/> (<see cref="Verify"/> checks it).
/// </summary>
public sealed record ResultRecord
{
    /// <summary>The method's canonical name ("protonet"; "pixelnn" for the pixel baseline), or the name a notebook reported.</summary>
    public required string Method { get; init; }

    /// <summary>N of the test episodes.</summary>
    public required int Ways { get; init; }

    /// <summary>K of the test episodes.</summary>
    public required int Shots { get; init; }

    /// <summary>"5-way 1-shot".</summary>
    public string Setting => Invariant($"{Ways}-way {Shots}-shot");

    /// <summary>Mean accuracy over the episodes, percent.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Half-width of the 95% interval over episodes, percent.</summary>
    public required double Ci95 { get; init; }

    /// <summary>Episodes scored.</summary>
    public required int Episodes { get; init; }

    /// <summary>The episode set's fingerprint (<see cref="EpisodeSet.Fingerprint"/>), or null when not known.</summary>
    public string? TestSet { get; init; }

    /// <summary>Query images per episode.</summary>
    public int? Queries { get; init; }

    /// <summary>Correct queries in each episode, in episode order (null when only the summary was reported).</summary>
    public IReadOnlyList<int>? Correct { get; init; }

    /// <summary>"quick", "full", or "quick x2" for a quick-profile run trained for more steps than its budget.</summary>
    public string? Profile { get; init; }

    /// <summary>Meta-training steps done, when known.</summary>
    public int? Steps { get; init; }

    /// <summary>The step whose state was scored (the best validated one), when known.</summary>
    public int? ScoredStep { get; init; }

    /// <summary>Wall-clock seconds of training, when recorded.</summary>
    public double? TrainingWallSeconds { get; init; }

    /// <summary>CPU seconds of training (the process, every thread), when recorded.</summary>
    public double? TrainingCpuSeconds { get; init; }

    /// <summary>"cpu x1" (the CPU and libtorch's thread count) or the GPU's name.</summary>
    public required string Device { get; init; }

    /// <summary>libtorch's CPU threads.</summary>
    public required int Threads { get; init; }

    /// <summary>The training seed, when known.</summary>
    public long? Seed { get; init; }

    /// <summary>The repository's commit (git rev-parse HEAD), or "unknown" outside a repository.</summary>
    public required string Commit { get; init; }

    /// <summary>The command lines that trained the model (";"-joined over resumes), when known.</summary>
    public string? TrainingCommand { get; init; }

    /// <summary>The command that produced this result ("metanb eval ...", "metanb run 03").</summary>
    public string? Command { get; init; }

    /// <summary>When it was scored, UTC, ISO 8601 ("2026-12-05T11:02:03Z").</summary>
    public required string Date { get; init; }

    /// <summary>The notebook that reported it, for results from a course run.</summary>
    public string? Notebook { get; init; }

    /// <summary>JSON options of the results files: camelCase names, indented, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The record of <paramref name="result"/> (fractions, with per-episode accuracies when it has them) and its
    /// provenance; each per-episode accuracy times <see cref="AccuracyResult.Queries"/> must be a whole number.
    /// </summary>
    public static ResultRecord Of(string method, AccuracyResult result, Provenance provenance)
    {
        IReadOnlyList<int>? correct = null;
        if (result.PerEpisode is { } perEpisode && result.Queries is { } queries)
        {
            var counts = perEpisode.Select(a => (int)Math.Round(a * queries)).ToArray();
            for (var i = 0; i < counts.Length; i++)
                if ((double)counts[i] / queries != perEpisode[i])
                    throw new ArgumentException(Invariant($"Episode {i}'s accuracy {perEpisode[i]} is not a count of {queries} queries."), nameof(result));
            correct = counts;
        }
        return new ResultRecord
        {
            Method = MethodNames.Canonical(method),
            Ways = result.Ways,
            Shots = result.Shots,
            Accuracy = 100 * result.Mean,
            Ci95 = 100 * result.Ci95,
            Episodes = result.Episodes,
            TestSet = result.TestSet,
            Queries = correct is null ? null : result.Queries,
            Correct = correct,
            Device = provenance.Device,
            Threads = provenance.Threads,
            Commit = provenance.Commit,
            Command = provenance.Command,
            Date = provenance.Date,
        };
    }

    /// <summary>
    /// The summary recomputed from <see cref="Correct"/>: the same arithmetic as the evaluation, so a faithful file
    /// gives back its <see cref="Accuracy"/> and <see cref="Ci95"/> exactly. Null when the record has no per-episode counts.
    /// </summary>
    public AccuracyResult? Recompute() => Correct is { } correct && Queries is { } queries
        ? Evaluation.Accuracy.Summarize(Method, Ways, Shots, correct.Select(c => (double)c / queries).ToArray())
        : null;

    /// <summary>Fails with what is wrong when the record is inconsistent (counts that do not give its mean and interval, a bad setting).</summary>
    public void Verify(string where)
    {
        if (Ways < 2 || Shots < 1 || Episodes < 1)
            throw new InvalidDataException(Invariant($"{where}: {Method} has an impossible setting ({Ways}-way {Shots}-shot, {Episodes} episodes)."));
        if (Recompute() is not { } again) return;
        if (again.Episodes != Episodes || 100 * again.Mean != Accuracy || 100 * again.Ci95 != Ci95)
            throw new InvalidDataException(Invariant($"{where}: the per-episode counts give {100 * again.Mean}% ± {100 * again.Ci95}% over {again.Episodes} episodes, ") +
                                           Invariant($"the file says {Accuracy}% ± {Ci95}% over {Episodes}."));
    }

    /// <summary>The record as the JSON of a results file.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a record from JSON; <paramref name="where"/> names the source in errors.</summary>
    public static ResultRecord FromJson(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<ResultRecord>(json, Json) ?? throw new InvalidDataException($"{where}: empty results file.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not a results record ({e.Message}).", e);
        }
    }

    /// <summary>"protonet 5-way 1-shot: 93.37% ± 0.49% (600 episodes; quick, 300 steps, cpu x1)".</summary>
    public override string ToString() =>
        Invariant($"{Method} {Setting}: {Accuracy:0.00}% ± {Ci95:0.00}% ({Episodes} episodes; {Profile ?? "?"}, {Steps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} steps, {Device})");
}
