namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Batch normalisation of [N, C, H, W] over N, H, W per channel. In training it normalises with the batch
        /// statistics and updates the running ones (not in a functional call); in eval it uses the running ones.
        /// With track_running_stats false it always uses batch statistics (MAML's setting).
        /// </summary>
        public sealed class BatchNorm2d : Module<Tensor, Tensor>
        {
            public Parameter? weight { get; }
            public Parameter? bias { get; }
            public Tensor? running_mean { get; }
            public Tensor? running_var { get; }
            public double eps { get; }
            public double momentum { get; }

            public BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true,
                ScalarType? dtype = null, Device? device = null)
            {
                (this.eps, this.momentum) = (eps, momentum);
                if (affine)
                {
                    weight = register_parameter("weight", Init.Constant(new[] { num_features }, 1, dtype, device));
                    bias = register_parameter("bias", Init.Constant(new[] { num_features }, 0, dtype, device));
                }
                if (track_running_stats)
                {
                    running_mean = register_buffer("running_mean", zeros(new[] { num_features }, dtype, device));
                    running_var = register_buffer("running_var", ones(new[] { num_features }, dtype, device));
                }
            }

            protected internal override Tensor Forward(Tensor input, ParameterView p)
            {
                if (input.dim() != 4)
                    throw new ArgumentException($"BatchNorm2d expects [N, C, H, W] input, got shape {Tensor.FormatShape(input.shape)}.", nameof(input));
                var useBatchStats = training || running_mean is null;
                var updateRunning = training && running_mean is not null && !p.IsFunctional;
                return functional.batch_norm(input,
                    updateRunning || !useBatchStats ? running_mean : null,
                    updateRunning || !useBatchStats ? running_var : null,
                    p[weight], p[bias], useBatchStats, momentum, eps);
            }
        }
    }
}
