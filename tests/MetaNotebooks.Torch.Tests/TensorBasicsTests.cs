namespace MetaNotebooks.Torch.Tests;

[Collection(NativeCollection.Name)]
public sealed class TensorBasicsTests
{
    [Fact]
    public void Creates_tensors_from_arrays_and_reads_them_back()
    {
        using var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>());
        using var s = t.sum();
        Assert.Equal(21.0, s.item());
    }

    [Fact]
    public void Operators_follow_pytorch_type_promotion()
    {
        using var i = torch.arange(4);
        Assert.Equal(ScalarType.Int64, i.dtype);
        using var j = i + 1;
        Assert.Equal(ScalarType.Int64, j.dtype);
        using var f = i + 1.0;
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, j.data<long>());
    }

    [Fact]
    public void ToString_shows_values_shape_and_dtype()
    {
        using var t = torch.tensor(new double[] { 1.5, -2 });
        Assert.Equal("tensor([1.5000, -2.0000], shape=[2], dtype=float64)", t.ToString());
    }

    [Fact]
    public void Threads_default_to_the_core_count()
    {
        Assert.Equal(Environment.ProcessorCount, torch.get_num_threads());
    }

    [Fact]
    public void Unravel_index_gives_the_row_major_position_and_rejects_outside_indices()
    {
        Assert.Equal(new long[] { 1, 2 }, torch.unravel_index(5, [2, 3]));
        Assert.Equal(new long[] { 0, 0, 0 }, torch.unravel_index(0, [4, 5, 6]));
        Assert.Equal(new long[] { 3, 4, 5 }, torch.unravel_index(119, [4, 5, 6]));
        Assert.Equal(new long[0], torch.unravel_index(0, []));
        Assert.Contains("outside a tensor of shape [2, 3] (6 elements)", Assert.Throws<ArgumentOutOfRangeException>(() => torch.unravel_index(6, [2, 3])).Message);
    }
}
