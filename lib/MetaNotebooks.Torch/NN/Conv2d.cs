namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>2-D convolution with a square kernel: [N, in, H, W] -> [N, out, H', W'].</summary>
        public sealed class Conv2d : Module<Tensor, Tensor>
        {
            public Parameter weight { get; }
            public Parameter? bias { get; }
            public long stride { get; }
            public long padding { get; }
            public long groups { get; }

            public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, bool hasBias = true,
                long groups = 1, ScalarType? dtype = null, Device? device = null)
            {
                if (in_channels % groups != 0 || out_channels % groups != 0)
                    throw new ArgumentException($"Conv2d: in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups}).");
                (this.stride, this.padding, this.groups) = (stride, padding, groups);
                var fanIn = in_channels / groups * kernel_size * kernel_size;
                var bound = 1.0 / Math.Sqrt(fanIn);
                weight = register_parameter("weight", Init.Uniform(new[] { out_channels, in_channels / groups, kernel_size, kernel_size }, bound, dtype, device));
                if (hasBias) bias = register_parameter("bias", Init.Uniform(new[] { out_channels }, bound, dtype, device));
            }

            protected internal override Tensor Forward(Tensor input, ParameterView p) =>
                functional.conv2d(input, p[weight]!, p[bias], stride, padding, 1, groups);
        }
    }
}
