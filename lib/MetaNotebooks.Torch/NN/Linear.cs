namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>y = x W^T + b: [*, in_features] -> [*, out_features]. PyTorch's initialisation (uniform, bound 1/sqrt(in)).</summary>
        public sealed class Linear : Module<Tensor, Tensor>
        {
            public Parameter weight { get; }
            public Parameter? bias { get; }

            public Linear(long in_features, long out_features, bool hasBias = true, ScalarType? dtype = null, Device? device = null)
            {
                var bound = 1.0 / Math.Sqrt(in_features);
                weight = register_parameter("weight", Init.Uniform(new[] { out_features, in_features }, bound, dtype, device));
                if (hasBias) bias = register_parameter("bias", Init.Uniform(new[] { out_features }, bound, dtype, device));
            }

            protected internal override Tensor Forward(Tensor input, ParameterView p) => functional.linear(input, p[weight]!, p[bias]);
        }
    }
}
