using MetaNotebooks.Data;
using MetaNotebooks.Episodes;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class TaskBatchTests(OmniglotFixture fixture)
{
    [Theory]
    [InlineData(5, 1, 15, 4)]
    [InlineData(20, 5, 15, 2)]
    public void Stacks_episodes_into_tensors_of_the_documented_shapes(int n, int k, int q, int t)
    {
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        var sampler = new EpisodeSampler(split.Train, n, k, q);
        using var scope = torch.NewDisposeScope();
        using var batch = sampler.Batch(fixture.Omniglot, seed: 0, batchIndex: 3, tasks: t);
        Assert.Equal(new long[] { t, n * k, 1, 28, 28 }, batch.SupportImages.shape);
        Assert.Equal(new long[] { t, n * q, 1, 28, 28 }, batch.QueryImages.shape);
        Assert.Equal(new long[] { t, n * k }, batch.SupportLabels.shape);
        Assert.Equal(new long[] { t, n * q }, batch.QueryLabels.shape);
        Assert.Equal(ScalarType.Float32, batch.SupportImages.dtype);
        Assert.Equal(ScalarType.Int64, batch.QueryLabels.dtype);
        Assert.Equal(0, batch.SupportLabels.min().ToDouble());
        Assert.Equal(n - 1, batch.QueryLabels.max().ToDouble());
        Assert.InRange(batch.QueryImages.min().ToDouble(), 0, 0);
        Assert.InRange(batch.QueryImages.max().ToDouble(), 0.5, 1);
        Assert.Equal(new[] { new EpisodeKey(0, 3L * t), new EpisodeKey(0, 3L * t + t - 1) }, new[] { batch.Episodes[0].Key, batch.Episodes[^1].Key });
        // Row j of task i is the image the episode names.
        var e = batch.Episodes[t - 1];
        var item = e.Query.Items[^1];
        Assert.True(TensorAssert.Same(batch.QueryImages[t - 1, e.Query.Count - 1], fixture.Omniglot.Image(e.Classes[item.Label].Class, item.Drawing)));
        Assert.Equal(e.Support.Labels, batch.SupportLabels[t - 1].data<long>().ToArray());
        Assert.Contains($"TaskBatch: {t} x {n}-way {k}-shot {q}-query", batch.ToString());
    }

    [Fact]
    public void Rotated_classes_are_rotated_counter_clockwise()
    {
        var rotated = OmniglotSplits.Vinyals(fixture.Omniglot.Classes).WithRotations();
        var sampler = new EpisodeSampler(rotated.Train, 20, 2, 3);
        using var scope = torch.NewDisposeScope();
        var episodes = sampler.Sample(0, 0, 4);
        using var batch = TaskBatch.Create(fixture.Omniglot, episodes);
        var checkedRotations = new HashSet<int>();
        for (var t = 0; t < episodes.Count; t++)
        {
            foreach (var (item, row) in episodes[t].Support.Items.Select((item, row) => (item, row)))
            {
                var cls = episodes[t].Classes[item.Label];
                var original = fixture.Omniglot.Image(cls.Class, item.Drawing);
                var expected = cls.Rotation == 0 ? original : original.rot90(cls.Rotation / 90, (1, 2));
                Assert.True(TensorAssert.Same(batch.SupportImages[t, row], expected), $"{cls} drawing {item.Drawing}");
                checkedRotations.Add(cls.Rotation);
            }
        }
        Assert.Equal(4, checkedRotations.Count);
    }

    [Fact]
    public void Episodes_of_different_shapes_cannot_share_a_batch()
    {
        var split = OmniglotSplits.Vinyals(fixture.Omniglot.Classes);
        var a = new EpisodeSampler(split.Test, 5, 1, 15).Sample(0, 0);
        var b = new EpisodeSampler(split.Test, 5, 5, 15).Sample(0, 1);
        var e = Assert.Throws<ArgumentException>(() => TaskBatch.Create(fixture.Omniglot, [a, b]));
        Assert.Contains("(seed 0, #0) is 5-way 1-shot 15-query, (seed 0, #1) is 5-way 5-shot 15-query", e.Message);
    }
}
