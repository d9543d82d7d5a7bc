namespace MetaNotebooks.Tests;

/// <summary>
/// A separable toy few-shot problem for the metric learners: class c (0..15) is a bright 7x7 block in cell c of a 4x4
/// grid over a 28x28 image, plus a little noise. An episode picks N of the 16 classes (label-major support and query
/// tensors), a pure function of the seed.
/// </summary>
public static class ToyEpisodes
{
    public const int Classes = 16;

    /// <summary>Support [N*K, 1, 28, 28], support labels [N*K], query [N*Q, 1, 28, 28], query labels [N*Q].</summary>
    public static (Tensor Support, Tensor SupportLabels, Tensor Query, Tensor QueryLabels) Episode(long seed, int ways, int shots, int queries)
    {
        using var generator = new torch.Generator((ulong)seed);
        var classes = torch.randperm(Classes, generator: generator).narrow(0, 0, ways).data<long>().ToArray();
        Tensor Images(int perClass)
        {
            var images = torch.rand([ways * perClass, 1, 28, 28], generator: generator) * 0.1;
            for (var k = 0; k < ways; k++)
            {
                var (row, col) = ((int)classes[k] / 4 * 7, (int)classes[k] % 4 * 7);
                images[TensorIndex.Slice(k * perClass, (k + 1) * perClass), TensorIndex.Colon, TensorIndex.Slice(row, row + 7), TensorIndex.Slice(col, col + 7)] = torch.tensor(1.0f);
            }
            return images;
        }
        Tensor Labels(int perClass) => torch.arange(ways, dtype: ScalarType.Int64).repeat_interleave(perClass);
        return (Images(shots), Labels(shots), Images(queries), Labels(queries));
    }
}
