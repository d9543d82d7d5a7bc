using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// T episodes as tensors, ready for a meta-training step: support images [T, N*K, C, H, W] float32 with labels
/// [T, N*K] int64, query images [T, N*Q, C, H, W] with labels [T, N*Q]; rows are label-major, as in each episode.
/// Rotated classes are rotated here (as torch.rot90 over H, W: counter-clockwise). Dispose it (or make it inside a
/// dispose scope) to free the tensors.
/// </summary>
public sealed class TaskBatch : IDisposable
{
    private TaskBatch(IReadOnlyList<Episode> episodes, Tensor supportImages, Tensor supportLabels, Tensor queryImages, Tensor queryLabels)
    {
        Episodes = episodes;
        SupportImages = supportImages;
        SupportLabels = supportLabels;
        QueryImages = queryImages;
        QueryLabels = queryLabels;
    }

    /// <summary>The episodes, in batch order.</summary>
    public IReadOnlyList<Episode> Episodes { get; }

    /// <summary>Support images, float32 [T, N*K, C, H, W].</summary>
    public Tensor SupportImages { get; }

    /// <summary>Support labels, int64 [T, N*K], values 0..N-1.</summary>
    public Tensor SupportLabels { get; }

    /// <summary>Query images, float32 [T, N*Q, C, H, W].</summary>
    public Tensor QueryImages { get; }

    /// <summary>Query labels, int64 [T, N*Q], values 0..N-1.</summary>
    public Tensor QueryLabels { get; }

    /// <summary>T, the number of episodes.</summary>
    public int Tasks => Episodes.Count;

    /// <summary>N, classes per episode.</summary>
    public int Ways => Episodes[0].Ways;

    /// <summary>K, support images per class.</summary>
    public int Shots => Episodes[0].Shots;

    /// <summary>Q, query images per class.</summary>
    public int Queries => Episodes[0].Queries;

    /// <summary>Stacks the episodes (all with the same N, K, Q) into tensors on <paramref name="device"/> (<see cref="Devices.Default"/> when null).</summary>
    public static TaskBatch Create(IEpisodeSource source, IReadOnlyList<Episode> episodes, Device? device = null)
    {
        if (episodes.Count == 0) throw new ArgumentException("A task batch needs at least one episode.", nameof(episodes));
        var first = episodes[0];
        foreach (var e in episodes)
            if (e.Ways != first.Ways || e.Shots != first.Shots || e.Queries != first.Queries)
                throw new ArgumentException(
                    Invariant($"Episodes of one batch must have the same shape: {first.Key} is {first.Ways}-way {first.Shots}-shot {first.Queries}-query, ") +
                    Invariant($"{e.Key} is {e.Ways}-way {e.Shots}-shot {e.Queries}-query."), nameof(episodes));
        using var scope = torch.NewDisposeScope();
        var (supportImages, supportLabels) = Side(source, episodes, e => e.Support, first.Shots, device);
        var (queryImages, queryLabels) = Side(source, episodes, e => e.Query, first.Queries, device);
        return new TaskBatch(episodes,
            supportImages.DetachFromDisposeScope(), supportLabels.DetachFromDisposeScope(),
            queryImages.DetachFromDisposeScope(), queryLabels.DetachFromDisposeScope());
    }

    private static (Tensor Images, Tensor Labels) Side(IEpisodeSource source, IReadOnlyList<Episode> episodes, Func<Episode, LabelledSet> side, int perClass, Device? device)
    {
        var t = episodes.Count;
        var n = episodes[0].Ways;
        var ids = new long[t * n * perClass];
        var labels = new long[ids.Length];
        var turns = new int[ids.Length];
        for (var i = 0; i < t; i++)
        {
            var items = side(episodes[i]).Items;
            for (var j = 0; j < items.Count; j++)
            {
                var row = i * n * perClass + j;
                ids[row] = items[j].ImageId;
                labels[row] = items[j].Label;
                turns[row] = episodes[i].Classes[items[j].Label].Rotation / 90 % 4;
            }
        }
        // Gathered, rotated and converted in managed code, then one tensor: a batch costs a memory copy, not a
        // string of small tensor ops (which stall on a busy machine's thread pool).
        var shape = source.ImageShape;
        var pixels = 1L;
        foreach (var size in shape) pixels *= size;
        var buffer = new float[ids.Length * pixels];
        source.CopyImages(ids, turns, buffer);
        var imageTensor = torch.tensor(buffer, [t, n * perClass, .. shape]);
        var labelTensor = torch.tensor(labels, [t, n * perClass]);
        var target = device ?? Devices.Default;
        if (target.type != DeviceType.CPU)
        {
            imageTensor = imageTensor.to(target);
            labelTensor = labelTensor.to(target);
        }
        return (imageTensor, labelTensor);
    }

    /// <summary>"TaskBatch: 32 x 5-way 1-shot 15-query, support [32, 5, 1, 28, 28], query [32, 75, 1, 28, 28]".</summary>
    public override string ToString() =>
        Invariant($"TaskBatch: {Tasks} x {Ways}-way {Shots}-shot {Queries}-query, support [{string.Join(", ", SupportImages.shape)}], ") +
        Invariant($"query [{string.Join(", ", QueryImages.shape)}]");

    /// <summary>Frees the four tensors.</summary>
    public void Dispose()
    {
        SupportImages.Dispose();
        SupportLabels.Dispose();
        QueryImages.Dispose();
        QueryLabels.Dispose();
    }
}
