using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

namespace MetaNotebooks.Data;

/// <summary>
/// Images as plain arrays for plotting: a tensor of images [..., H, W] (one drawing [1, 28, 28], a batch
/// [n, 1, 28, 28], a task batch's support set [T, N*K, 1, 28, 28]) becomes one <c>float[]</c> of H*W values per image,
/// row-major, which is what the notebooks' <c>ImageGrid.Of(images, H, W)</c> draws.
/// </summary>
public static class OmniglotImages
{
    /// <summary>
    /// Splits <paramref name="images"/> [..., H, W] into its images, each H*W floats (row-major), in the tensor's order.
    /// Any dtype is converted to float32; the tensor may live on any device.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has fewer than two dimensions, or an empty image.</exception>
    public static float[][] ToArrays(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.shape;
        if (shape.Length < 2 || shape[^1] == 0 || shape[^2] == 0)
            throw new ArgumentException(Invariant($"OmniglotImages.ToArrays wants images [..., H, W], got shape [{string.Join(", ", shape)}]."), nameof(images));
        var pixels = checked((int)(shape[^1] * shape[^2]));
        float[] values;
        using (torch.NewDisposeScope())
        {
            values = images.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        }
        var result = new float[values.Length / pixels][];
        for (var i = 0; i < result.Length; i++) result[i] = values.AsSpan(i * pixels, pixels).ToArray();
        return result;
    }
}
