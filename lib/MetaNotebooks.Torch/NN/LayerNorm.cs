namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Layer normalisation over the trailing normalized_shape dims, with a learned scale and shift.</summary>
        public sealed class LayerNorm : Module<Tensor, Tensor>
        {
            public Parameter weight { get; }
            public Parameter bias { get; }
            public long[] normalized_shape { get; }
            public double eps { get; }

            public LayerNorm(long[] normalized_shape, double eps = 1e-5, ScalarType? dtype = null, Device? device = null)
            {
                (this.normalized_shape, this.eps) = (normalized_shape, eps);
                weight = register_parameter("weight", Init.Constant(normalized_shape, 1, dtype, device));
                bias = register_parameter("bias", Init.Constant(normalized_shape, 0, dtype, device));
            }

            public LayerNorm(long normalized_size, double eps = 1e-5) : this(new[] { normalized_size }, eps) { }

            protected internal override Tensor Forward(Tensor input, ParameterView p) =>
                functional.layer_norm(input, normalized_shape, p[weight], p[bias], eps);
        }
    }
}
