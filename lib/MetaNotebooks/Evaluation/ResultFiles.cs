using System.Text;
using static System.FormattableString;

namespace MetaNotebooks.Evaluation;

/// <summary>
/// A folder of results files (<see cref="ResultRecord"/> as JSON, one per method, setting and run), such as the
/// repository's <c>results/</c>: written atomically, read back sorted by path, each one verified.
/// </summary>
public static class ResultFiles
{
    /// <summary>"protonet-5w1s-quick-600steps-s0.json": method, setting, profile, steps and seed, so runs never overwrite each other.</summary>
    public static string FileName(ResultRecord record) =>
        Invariant($"{record.Method}-{record.Ways}w{record.Shots}s-{record.Profile ?? "unknown"}-{(record.Steps is { } s ? s + "steps" : "untrained")}-s{record.Seed ?? 0}.json");

    /// <summary>Writes <paramref name="record"/> into <paramref name="folder"/> (created when missing) atomically; returns the path.</summary>
    public static string Write(ResultRecord record, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(record));
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, record.ToJson() + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Every results file under <paramref name="folder"/> (recursively, sorted by relative path), each verified; none when the folder does not exist.</summary>
    public static IReadOnlyList<(string Path, ResultRecord Record)> Read(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var records = new List<(string, ResultRecord)>();
        foreach (var relative in files)
        {
            var where = Path.Combine(folder, relative);
            var record = ResultRecord.FromJson(File.ReadAllText(where), where);
            record.Verify(where);
            records.Add((relative, record));
        }
        return records;
    }

    /// <summary>The records of <see cref="Read"/> alone.</summary>
    public static IReadOnlyList<ResultRecord> ReadRecords(string folder) => [.. Read(folder).Select(r => r.Record)];
}
