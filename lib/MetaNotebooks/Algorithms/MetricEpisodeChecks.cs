using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using static System.FormattableString;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// The checks a metric learner that compares queries with support images (Siamese, Relation) makes on a task batch
/// before any tensor work: at least one shot, 1-channel images of the size its network was built for, and a support
/// set that holds every class 0..N-1 exactly K times in label-major order (the learners group support rows by class
/// k as rows kK .. kK + K - 1). Each failure is an <see cref="ArgumentException"/> that says what was wrong and what to do.
/// </summary>
public static class MetricEpisodeChecks
{
    /// <summary>Checks <paramref name="batch"/> for <paramref name="method"/>, whose network takes images [*, 1, size, size].</summary>
    public static void Require(TaskBatch batch, string method, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Shots < 1)
            throw new ArgumentException(Invariant($"{method} needs at least one support image per class, but the batch is {batch.Ways}-way {batch.Shots}-shot: ") +
                                        "there is nothing to compare the queries with. Sample episodes with shots >= 1.", nameof(batch));
        if (batch.Ways < 2)
            throw new ArgumentException(Invariant($"{method} classifies among at least 2 classes; the batch is {batch.Ways}-way."), nameof(batch));
        long t = batch.Tasks, n = batch.Ways, k = batch.Shots, q = batch.Queries;
        var size = (long)imageSize;
        Shapes.Expect(batch.SupportImages, "support images", Invariant($"[T, N*K, 1, {imageSize}, {imageSize}] for {method} (images of the size its network was built for)"), t, n * k, 1, size, size);
        Shapes.Expect(batch.QueryImages, "query images", Invariant($"[T, N*Q, 1, {imageSize}, {imageSize}] for {method} (the support images' size)"), t, n * q, 1, size, size);
        Shapes.Expect(batch.SupportLabels, "support labels", "[T, N*K]", t, n * k);
        var labels = batch.SupportLabels.cpu().data<long>().ToArray();
        for (var task = 0; task < t; task++)
        {
            var row = labels.AsSpan((int)(task * n * k), (int)(n * k));
            for (var label = 0; label < n; label++)
            {
                var count = 0;
                foreach (var l in row) if (l == label) count++;
                if (count == 0)
                    throw new ArgumentException(Invariant($"{method}: the support set of task {task} has no image of class {label} (a {n}-way {k}-shot episode needs {k} of each of the labels 0..{n - 1}); ") +
                                                "every class must be in the support set.", nameof(batch));
            }
            for (var i = 0; i < row.Length; i++)
                if (row[i] != i / k)
                    throw new ArgumentException(Invariant($"{method}: support row {i} of task {task} has label {row[i]}, expected {i / k}: support sets are label-major ") +
                                                Invariant($"(class 0's {k} images, then class 1's, ...), as EpisodeSampler makes them."), nameof(batch));
        }
    }
}
