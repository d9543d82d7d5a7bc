using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless layers, activations and losses, as torch.nn.functional. Shapes follow PyTorch (NCHW images).</summary>
        public static class functional
        {
            private static TensorHandle Opt(Tensor? t) => t?.Handle ?? TensorHandle.None;

            private static int Reduction(string reduction) => reduction switch
            {
                "none" => 0,
                "mean" => 1,
                "sum" => 2,
                _ => throw new ArgumentException($"reduction must be \"mean\", \"sum\" or \"none\", not \"{reduction}\".", nameof(reduction)),
            };

            private static long[] Pair(long[]? v, long fallback, string name) => v switch
            {
                null => new[] { fallback, fallback },
                { Length: 1 } => new[] { v[0], v[0] },
                { Length: 2 } => v,
                _ => throw new ArgumentException($"{name} takes 1 or 2 values (height, width), got {v.Length}.", name),
            };

            /// <summary>x W^T + b: [*, in] -> [*, out].</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                new(LibTorch.mn_linear(input.Handle, weight.Handle, Opt(bias)));

            /// <summary>2-D convolution: [N, C, H, W] with weight [out, C/groups, kH, kW] -> [N, out, H', W'].</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                conv2d(input, weight, bias, new[] { stride }, new[] { padding }, new[] { dilation }, groups);

            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[]? dilation = null, long groups = 1) =>
                new(LibTorch.mn_conv2d(input.Handle, weight.Handle, Opt(bias), Pair(stride, 1, nameof(stride)),
                    Pair(padding, 0, nameof(padding)), Pair(dilation, 1, nameof(dilation)), groups));

            /// <summary>
            /// Batch normalisation over dim 1. training: normalise with the batch statistics (and update the running
            /// statistics in place when given); otherwise use the running statistics.
            /// </summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(LibTorch.mn_batch_norm(input.Handle, Opt(running_mean), Opt(running_var), Opt(weight), Opt(bias), training ? 1 : 0, momentum, eps));

            /// <summary>Layer normalisation over the trailing normalized_shape dims.</summary>
            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                new(LibTorch.mn_layer_norm(input.Handle, normalized_shape, normalized_shape.Length, Opt(weight), Opt(bias), eps));

            public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false) =>
                new(LibTorch.mn_max_pool2d(input.Handle, new[] { kernel_size, kernel_size }, Pair(new[] { stride ?? kernel_size }, kernel_size, nameof(stride)),
                    new[] { padding, padding }, ceil_mode ? 1 : 0));

            public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
                new(LibTorch.mn_avg_pool2d(input.Handle, new[] { kernel_size, kernel_size }, Pair(new[] { stride ?? kernel_size }, kernel_size, nameof(stride)),
                    new[] { padding, padding }, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0));

            public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, new[] { output_size, output_size });

            public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size) =>
                new(LibTorch.mn_adaptive_avg_pool2d(input.Handle, Pair(output_size, 1, nameof(output_size))));

            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01) => new(LibTorch.mn_leaky_relu(x.Handle, negative_slope));
            public static Tensor elu(Tensor x, double alpha = 1.0) => new(LibTorch.mn_elu(x.Handle, alpha));
            /// <summary>GELU; approximate "tanh" for the tanh approximation, "none" for the exact erf form.</summary>
            public static Tensor gelu(Tensor x, string approximate = "none") => new(LibTorch.mn_gelu(x.Handle, approximate switch
            {
                "none" => 0,
                "tanh" => 1,
                _ => throw new ArgumentException($"gelu: approximate must be \"none\" or \"tanh\", not \"{approximate}\".", nameof(approximate)),
            }));
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();
            public static Tensor softmax(Tensor x, long dim) => new(LibTorch.mn_softmax(x.Handle, dim));
            public static Tensor log_softmax(Tensor x, long dim) => new(LibTorch.mn_log_softmax(x.Handle, dim));

            /// <summary>Zeroes elements with probability p and scales the rest by 1/(1-p), when training.</summary>
            public static Tensor dropout(Tensor x, double p = 0.5, bool training = true)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1.");
                return new(LibTorch.mn_dropout(x.Handle, p, training ? 1 : 0));
            }

            /// <summary>Cross-entropy of logits [N, C] against class indices [N] (int64).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", long ignore_index = -100, double label_smoothing = 0) =>
                new(LibTorch.mn_cross_entropy(input.Handle, target.Handle, Opt(weight), Reduction(reduction), ignore_index, label_smoothing));

            /// <summary>Negative log-likelihood of log-probabilities [N, C] against class indices [N].</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", long ignore_index = -100) =>
                new(LibTorch.mn_nll_loss(input.Handle, target.Handle, Opt(weight), Reduction(reduction), ignore_index));

            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean") =>
                new(LibTorch.mn_mse_loss(input.Handle, target.Handle, Reduction(reduction)));

            public static Tensor l1_loss(Tensor input, Tensor target, string reduction = "mean") =>
                new(LibTorch.mn_l1_loss(input.Handle, target.Handle, Reduction(reduction)));

            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", Tensor? pos_weight = null) =>
                new(LibTorch.mn_bce_with_logits(input.Handle, target.Handle, Opt(weight), Opt(pos_weight), Reduction(reduction)));

            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean") =>
                new(LibTorch.mn_binary_cross_entropy(input.Handle, target.Handle, Opt(weight), Reduction(reduction)));

            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                new(LibTorch.mn_cosine_similarity(x1.Handle, x2.Handle, dim, eps));

            public static Tensor pairwise_distance(Tensor x1, Tensor x2, double p = 2, double eps = 1e-6, bool keepdim = false) =>
                new(LibTorch.mn_pairwise_distance(x1.Handle, x2.Handle, p, eps, keepdim ? 1 : 0));

            /// <summary>
            /// p-norm distances between every row of x1 [.., P, M] and every row of x2 [.., R, M]: [.., P, R]. While autograd
            /// records, computed from the pairwise differences (memory P x R x M) so that it has a second derivative.
            /// </summary>
            public static Tensor cdist(Tensor x1, Tensor x2, double p = 2) => new(LibTorch.mn_cdist(x1.Handle, x2.Handle, p));

            public static Tensor one_hot(Tensor x, long num_classes = -1) => new(LibTorch.mn_one_hot(x.Handle, num_classes));

            /// <summary>Resizes images [N, C, H, W] to size (H', W'): mode "bilinear", "area" or "nearest".</summary>
            public static Tensor interpolate(Tensor input, long[] size, string mode = "nearest", bool align_corners = false)
            {
                var m = mode switch
                {
                    "bilinear" => 0,
                    "area" => 1,
                    "nearest" => 2,
                    _ => throw new ArgumentException($"interpolate: mode must be \"bilinear\", \"area\" or \"nearest\", not \"{mode}\".", nameof(mode)),
                };
                if (align_corners && m != 0) throw new ArgumentException("interpolate: align_corners only applies to mode \"bilinear\".", nameof(align_corners));
                return new(LibTorch.mn_interpolate(input.Handle, Pair(size, 1, nameof(size)), m, align_corners ? 1 : 0));
            }

            /// <summary>Pads the last dims: pad = (left, right[, top, bottom, ...]); mode "constant", "reflect" or "replicate".</summary>
            public static Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0)
            {
                if (pad.Length % 2 != 0) throw new ArgumentException($"pad takes pairs of sizes (left, right, top, bottom, ...), got {pad.Length} values.", nameof(pad));
                var m = mode switch
                {
                    "constant" => 0,
                    "reflect" => 1,
                    "replicate" => 2,
                    _ => throw new ArgumentException($"pad: mode must be \"constant\", \"reflect\" or \"replicate\", not \"{mode}\".", nameof(mode)),
                };
                return new(LibTorch.mn_pad(input.Handle, pad, pad.Length, m, value));
            }
        }
    }
}
