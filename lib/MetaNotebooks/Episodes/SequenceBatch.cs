using MetaNotebooks.Data;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Episodes;

/// <summary>
/// Episodes as sequences, Santoro et al. 2016's protocol: each episode's images (support and query alike) in an order
/// fixed by its key (<see cref="SequenceOrder"/>), with images [B, T, C, H, W], labels [B, T] (0..N-1, shuffled per
/// episode by the sampler) and the instance number [B, T] of each step (1 for the first presentation of its class in
/// the episode, 2 for the second, ...). A model sees step t's image with step t-1's label: the label arrives one step
/// late. Dispose it to free the tensors.
/// </summary>
public sealed class SequenceBatch : IDisposable
{
    private SequenceBatch(IReadOnlyList<Episode> episodes, int ways, Tensor images, Tensor labels, Tensor instances)
    {
        Episodes = episodes;
        Ways = ways;
        Images = images;
        Labels = labels;
        Instances = instances;
    }

    /// <summary>The episodes, in batch order.</summary>
    public IReadOnlyList<Episode> Episodes { get; }

    /// <summary>N, the classes per episode.</summary>
    public int Ways { get; }

    /// <summary>Images, float32 [B, T, C, H, W].</summary>
    public Tensor Images { get; }

    /// <summary>Labels, int64 [B, T], values 0..N-1.</summary>
    public Tensor Labels { get; }

    /// <summary>Instance numbers, int64 [B, T], from 1.</summary>
    public Tensor Instances { get; }

    /// <summary>B, the number of episodes.</summary>
    public int Count => Episodes.Count;

    /// <summary>T, the steps per sequence.</summary>
    public int Length => (int)Labels.size(1);

    /// <summary>
    /// Each task's support and query images as one sequence in the order <see cref="SequenceOrder.Of"/> gives for its
    /// episode (all T = N*(K+Q) images).
    /// </summary>
    public static SequenceBatch FromTaskBatch(TaskBatch batch)
    {
        using var scope = NewDisposeScope();
        var images = cat([batch.SupportImages, batch.QueryImages], 1);
        var labels = cat([batch.SupportLabels, batch.QueryLabels], 1);
        var length = (int)labels.size(1);
        var orders = batch.Episodes.Select(e => SequenceOrder.Of(e.Key, length)).ToArray();
        var index = tensor(orders.SelectMany(o => o.Select(i => (long)i)).ToArray(), [batch.Tasks, length], device: labels.device);
        var orderedLabels = labels.gather(1, index);
        var orderedImages = stack(Enumerable.Range(0, batch.Tasks).Select(t => images[t].index_select(0, index[t])).ToArray());
        var instances = InstancesOf(orderedLabels.cpu().data<long>().ToArray(), batch.Tasks, length);
        return new SequenceBatch(batch.Episodes, batch.Ways, orderedImages.DetachFromDisposeScope(), orderedLabels.DetachFromDisposeScope(), instances.DetachFromDisposeScope());
    }

    /// <summary>A batch of labelled sequences given directly (a toy task, a test): images [B, T, ...], labels [B, T] in 0..N-1.</summary>
    public static SequenceBatch Of(Tensor images, Tensor labels, int ways)
    {
        Shapes.Expect(labels, nameof(labels), "[B, T] (episodes, steps)", null, null);
        Shapes.ExpectDtype(labels, nameof(labels), ScalarType.Int64);
        if (images.dim() < 3 || images.size(0) != labels.size(0) || images.size(1) != labels.size(1))
            throw new ArgumentException($"images has shape {Shapes.Format(images)}; expected [B, T, ...] with the labels' B, T = {labels.size(0)}, {labels.size(1)}.", nameof(images));
        if (ways < 1) throw new ArgumentOutOfRangeException(nameof(ways), ways, "A sequence task needs at least one class.");
        var values = labels.cpu().data<long>().ToArray();
        var bad = Array.FindIndex(values, v => v < 0 || v >= ways);
        if (bad >= 0)
            throw new ArgumentException(Invariant($"Label {values[bad]} at episode {bad / labels.size(1)}, step {bad % labels.size(1)} is out of range: a {ways}-way sequence has labels 0..{ways - 1}."), nameof(labels));
        var episodes = Enumerable.Range(0, (int)labels.size(0))
            .Select(i => new Episode(new EpisodeKey(-1, i), ways, 1, 1, [], new SupportSet([]), new QuerySet([]))).ToArray();
        return new SequenceBatch(episodes, ways, images.alias().DetachFromDisposeScope(), labels.alias().DetachFromDisposeScope(),
            InstancesOf(values, (int)labels.size(0), (int)labels.size(1)).DetachFromDisposeScope());
    }

    private static Tensor InstancesOf(long[] labels, int count, int length)
    {
        var instances = new long[labels.Length];
        for (var b = 0; b < count; b++)
        {
            var seen = new Dictionary<long, long>();
            for (var t = 0; t < length; t++)
            {
                var label = labels[b * length + t];
                seen[label] = seen.GetValueOrDefault(label) + 1;
                instances[b * length + t] = seen[label];
            }
        }
        return tensor(instances, [count, length]);
    }

    /// <summary>"SequenceBatch: 16 x 5-way sequences of 50 steps".</summary>
    public override string ToString() => Invariant($"SequenceBatch: {Count} x {Ways}-way sequences of {Length} steps");

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        Instances.Dispose();
    }
}
