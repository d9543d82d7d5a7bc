using MetaNotebooks.Data;
using MetaNotebooks.Episodes;

namespace MetaNotebooks.Tests;

[Collection(NativeCollection.Name)]
public sealed class OmniglotImagesTests(OmniglotFixture fixture)
{
    [Fact]
    public void Splits_a_tensor_of_images_into_row_major_arrays()
    {
        using var scope = torch.NewDisposeScope();
        // [2, 3, 1, 2, 2]: six 2x2 images whose pixels count up 0, 1, 2, ...
        var images = torch.arange(24, ScalarType.Int64).reshape(2, 3, 1, 2, 2);
        var arrays = OmniglotImages.ToArrays(images);
        Assert.Equal(6, arrays.Length);
        Assert.All(arrays, a => Assert.Equal(4, a.Length));
        Assert.Equal(new float[] { 0, 1, 2, 3 }, arrays[0]);
        Assert.Equal(new float[] { 20, 21, 22, 23 }, arrays[5]);
        // A transposed (non-contiguous) view is read in its logical order.
        var transposed = OmniglotImages.ToArrays(torch.arange(4, ScalarType.Float32).reshape(2, 2).t());
        Assert.Equal(new float[] { 0, 2, 1, 3 }, Assert.Single(transposed));
    }

    [Fact]
    public void Gives_the_pixels_of_omniglot_drawings_and_task_batches()
    {
        using var scope = torch.NewDisposeScope();
        var omniglot = fixture.Omniglot;
        var drawing = OmniglotImages.ToArrays(omniglot.Image(5, 3));
        Assert.Equal(omniglot.Image(5, 3).flatten().data<float>(), Assert.Single(drawing));
        var sampler = new EpisodeSampler(OmniglotSplits.Vinyals(omniglot.Classes).Train, 5, 1, 2);
        using var batch = sampler.Batch(omniglot, seed: 0, batchIndex: 0, tasks: 3);
        var support = OmniglotImages.ToArrays(batch.SupportImages[1]);
        Assert.Equal(5, support.Length);
        Assert.All(support, a => Assert.Equal(28 * 28, a.Length));
        Assert.Equal(batch.SupportImages[1, 4].flatten().data<float>(), support[4]);
    }

    [Fact]
    public void Refuses_a_tensor_that_is_not_images()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => OmniglotImages.ToArrays(torch.zeros(5)));
        Assert.Contains("[..., H, W], got shape [5]", e.Message);
    }
}
