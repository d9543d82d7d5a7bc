using System.Runtime.InteropServices;
using H = MetaNotebooks.Torch.Native.TensorHandle;

namespace MetaNotebooks.Torch.Native;

// The P/Invoke table of lib/native (see lib/native/src/metanb.h for the conventions). Names mirror the C ABI.
#pragma warning disable IDE1006, CA2101
internal static class LibTorch
{
    private const string L = NativeLibraryLoader.LibraryName;

    static LibTorch()
    {
        NativeLibraryLoader.Register();
        // Debian's libtorch starts with one thread; use every core unless METANB_NUM_THREADS says otherwise.
        var configured = Environment.GetEnvironmentVariable("METANB_NUM_THREADS");
        var threads = int.TryParse(configured, out var n) && n > 0 ? n : Environment.ProcessorCount;
        try
        {
            mn_set_num_threads(threads);
        }
        catch (DllNotFoundException)
        {
            // The library is missing or cannot be loaded. Throwing here would surface as a TypeInitializationException
            // ("The type initializer for LibTorch threw") that hides the fix; the first call that needs the library
            // raises the loader's DllNotFoundException, whose message names the fix.
        }
    }

    // core.cpp
    [DllImport(L)] internal static extern IntPtr mn_last_error();
    [DllImport(L)] internal static extern IntPtr mn_version();
    [DllImport(L)] internal static extern void mn_free(IntPtr t);
    [DllImport(L)] internal static extern void mn_list_free(IntPtr l);
    [DllImport(L)] internal static extern long mn_list_size(IntPtr l);
    [DllImport(L)] internal static extern IntPtr mn_list_get(IntPtr l, long i);
    [DllImport(L)] internal static extern int mn_dim(H t);
    [DllImport(L)] internal static extern unsafe void mn_shape(H t, long* dst);
    [DllImport(L)] internal static extern long mn_numel(H t);
    [DllImport(L)] internal static extern int mn_dtype(H t);
    [DllImport(L)] internal static extern int mn_device_type(H t);
    [DllImport(L)] internal static extern int mn_device_index(H t);
    [DllImport(L)] internal static extern int mn_requires_grad(H t);
    [DllImport(L)] internal static extern int mn_is_leaf(H t);
    [DllImport(L)] internal static extern int mn_set_requires_grad(H t, int value);
    [DllImport(L)] internal static extern int mn_retain_grad(H t);
    [DllImport(L)] internal static extern int mn_grad(H t, out IntPtr grad);
    [DllImport(L)] internal static extern int mn_set_grad(H t, H? grad);
    [DllImport(L)] internal static extern int mn_same_storage(H a, H b);
    [DllImport(L)] internal static extern int mn_set_data(H t, H src);
    [DllImport(L)] internal static extern unsafe IntPtr mn_from_data(void* data, long[] shape, int ndim, int dtype, int dev, int devIndex, int requiresGrad);
    [DllImport(L)] internal static extern IntPtr mn_empty(long[] shape, int n, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_zeros(long[] shape, int n, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_ones(long[] shape, int n, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_full(long[] shape, int n, double v, int isInt, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_arange(double start, double end, double step, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_linspace(double start, double end, long steps, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_eye(long n, long m, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_rand(long[] shape, int n, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_randn(long[] shape, int n, int dt, int dev, int di, int rg);
    [DllImport(L)] internal static extern IntPtr mn_randint(long low, long high, long[] shape, int n, int dt, int dev, int di);
    [DllImport(L)] internal static extern IntPtr mn_randperm(long n, int dt, int dev, int di);
    [DllImport(L)] internal static extern IntPtr mn_to(H t, int dt, int dev, int di, int copy);
    [DllImport(L)] internal static extern unsafe int mn_copy_out(H t, void* dst, long nbytes);
    [DllImport(L)] internal static extern int mn_item(H t, out double value);
    [DllImport(L)] internal static extern int mn_manual_seed(ulong seed);
    [DllImport(L)] internal static extern int mn_set_num_threads(int n);
    [DllImport(L)] internal static extern int mn_get_num_threads();
    [DllImport(L)] internal static extern int mn_cuda_device_count();
    [DllImport(L)] internal static extern int mn_cuda_synchronize();
    [DllImport(L)] internal static extern int mn_set_grad_enabled(int enabled);
    [DllImport(L)] internal static extern int mn_is_grad_enabled();

    // ops.cpp
    [DllImport(L)] internal static extern IntPtr mn_clone(H t);
    [DllImport(L)] internal static extern IntPtr mn_detach(H t);
    [DllImport(L)] internal static extern IntPtr mn_contiguous(H t);
    [DllImport(L)] internal static extern IntPtr mn_alias(H t);
    [DllImport(L)] internal static extern IntPtr mn_reshape(H t, long[] s, int n);
    [DllImport(L)] internal static extern IntPtr mn_view(H t, long[] s, int n);
    [DllImport(L)] internal static extern IntPtr mn_permute(H t, long[] s, int n);
    [DllImport(L)] internal static extern IntPtr mn_transpose(H t, long a, long b);
    [DllImport(L)] internal static extern IntPtr mn_squeeze(H t);
    [DllImport(L)] internal static extern IntPtr mn_squeeze_dim(H t, long d);
    [DllImport(L)] internal static extern IntPtr mn_unsqueeze(H t, long d);
    [DllImport(L)] internal static extern IntPtr mn_expand(H t, long[] s, int n);
    [DllImport(L)] internal static extern IntPtr mn_repeat(H t, long[] s, int n);
    [DllImport(L)] internal static extern IntPtr mn_repeat_interleave(H t, long r, long d);
    [DllImport(L)] internal static extern IntPtr mn_flatten(H t, long a, long b);
    [DllImport(L)] internal static extern IntPtr mn_narrow(H t, long d, long start, long len);
    [DllImport(L)] internal static extern IntPtr mn_select(H t, long d, long i);
    [DllImport(L)] internal static extern IntPtr mn_slice(H t, long d, long start, long end, long step);
    [DllImport(L)] internal static extern IntPtr mn_cat(IntPtr[] ts, int n, long d);
    [DllImport(L)] internal static extern IntPtr mn_stack(IntPtr[] ts, int n, long d);
    [DllImport(L)] internal static extern IntPtr mn_split(H t, long size, long d);
    [DllImport(L)] internal static extern IntPtr mn_split_sizes(H t, long[] s, int n, long d);
    [DllImport(L)] internal static extern IntPtr mn_chunk(H t, long chunks, long d);
    [DllImport(L)] internal static extern IntPtr mn_tril(H t, long k);
    [DllImport(L)] internal static extern IntPtr mn_triu(H t, long k);
    [DllImport(L)] internal static extern IntPtr mn_flip(H t, long[] s, int n);
    [DllImport(L)] internal static extern IntPtr mn_rot90(H t, long k, long d0, long d1);
    [DllImport(L)] internal static extern IntPtr mn_index_select(H t, long d, H idx);
    [DllImport(L)] internal static extern IntPtr mn_index(H t, H idx);
    [DllImport(L)] internal static extern IntPtr mn_gather(H t, long d, H idx);
    [DllImport(L)] internal static extern IntPtr mn_scatter(H t, long d, H idx, H src);
    [DllImport(L)] internal static extern IntPtr mn_scatter_add(H t, long d, H idx, H src);
    [DllImport(L)] internal static extern IntPtr mn_masked_fill(H t, H mask, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_masked_select(H t, H mask);
    [DllImport(L)] internal static extern IntPtr mn_where(H c, H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_one_hot(H t, long n);
    [DllImport(L)] internal static extern IntPtr mn_nonzero(H t);
    [DllImport(L)] internal static extern IntPtr mn_add(H a, H b, double alpha);
    [DllImport(L)] internal static extern IntPtr mn_sub(H a, H b, double alpha);
    [DllImport(L)] internal static extern IntPtr mn_mul(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_div(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_pow(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_maximum(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_minimum(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_add_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_sub_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_rsub_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_mul_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_div_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_rdiv_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_pow_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_rpow_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_remainder_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern IntPtr mn_floor_divide_scalar(H a, double v, int isInt);
    [DllImport(L)] internal static extern int mn_add_(H a, H b, double alpha);
    [DllImport(L)] internal static extern int mn_add_scalar_(H a, double v);
    [DllImport(L)] internal static extern int mn_sub_(H a, H b, double alpha);
    [DllImport(L)] internal static extern int mn_mul_(H a, H b);
    [DllImport(L)] internal static extern int mn_mul_scalar_(H a, double v);
    [DllImport(L)] internal static extern int mn_div_(H a, H b);
    [DllImport(L)] internal static extern int mn_addcmul_(H a, H b, H c, double v);
    [DllImport(L)] internal static extern int mn_addcdiv_(H a, H b, H c, double v);
    [DllImport(L)] internal static extern int mn_lerp_(H a, H b, double w);
    [DllImport(L)] internal static extern int mn_copy_(H a, H b);
    [DllImport(L)] internal static extern int mn_zero_(H a);
    [DllImport(L)] internal static extern int mn_fill_(H a, double v);
    [DllImport(L)] internal static extern int mn_clamp_(H a, double lo, double hi);
    [DllImport(L)] internal static extern int mn_uniform_(H a, double lo, double hi);
    [DllImport(L)] internal static extern int mn_normal_(H a, double mean, double std);
    [DllImport(L)] internal static extern IntPtr mn_neg(H a);
    [DllImport(L)] internal static extern IntPtr mn_exp(H a);
    [DllImport(L)] internal static extern IntPtr mn_log(H a);
    [DllImport(L)] internal static extern IntPtr mn_log1p(H a);
    [DllImport(L)] internal static extern IntPtr mn_sqrt(H a);
    [DllImport(L)] internal static extern IntPtr mn_rsqrt(H a);
    [DllImport(L)] internal static extern IntPtr mn_abs(H a);
    [DllImport(L)] internal static extern IntPtr mn_sign(H a);
    [DllImport(L)] internal static extern IntPtr mn_sin(H a);
    [DllImport(L)] internal static extern IntPtr mn_cos(H a);
    [DllImport(L)] internal static extern IntPtr mn_floor(H a);
    [DllImport(L)] internal static extern IntPtr mn_ceil(H a);
    [DllImport(L)] internal static extern IntPtr mn_round(H a);
    [DllImport(L)] internal static extern IntPtr mn_reciprocal(H a);
    [DllImport(L)] internal static extern IntPtr mn_sigmoid(H a);
    [DllImport(L)] internal static extern IntPtr mn_tanh(H a);
    [DllImport(L)] internal static extern IntPtr mn_relu(H a);
    [DllImport(L)] internal static extern IntPtr mn_isnan(H a);
    [DllImport(L)] internal static extern IntPtr mn_isfinite(H a);
    [DllImport(L)] internal static extern IntPtr mn_logical_not(H a);
    [DllImport(L)] internal static extern IntPtr mn_clamp(H a, double lo, double hi);
    [DllImport(L)] internal static extern IntPtr mn_sum(H t);
    [DllImport(L)] internal static extern IntPtr mn_sum_dims(H t, long[] d, int n, int keep);
    [DllImport(L)] internal static extern IntPtr mn_mean(H t);
    [DllImport(L)] internal static extern IntPtr mn_mean_dims(H t, long[] d, int n, int keep);
    [DllImport(L)] internal static extern IntPtr mn_prod(H t);
    [DllImport(L)] internal static extern IntPtr mn_max(H t);
    [DllImport(L)] internal static extern IntPtr mn_min(H t);
    [DllImport(L)] internal static extern int mn_max_dim(H t, long d, int keep, out IntPtr values, out IntPtr indices);
    [DllImport(L)] internal static extern int mn_min_dim(H t, long d, int keep, out IntPtr values, out IntPtr indices);
    [DllImport(L)] internal static extern int mn_linalg_svd(H t, int fullMatrices, out IntPtr u, out IntPtr s, out IntPtr vh);
    [DllImport(L)] internal static extern int mn_sort(H t, long d, int descending, out IntPtr values, out IntPtr indices);
    [DllImport(L)] internal static extern int mn_topk(H t, long k, long d, int largest, out IntPtr values, out IntPtr indices);
    [DllImport(L)] internal static extern IntPtr mn_argmax(H t, long d, int hasDim, int keep);
    [DllImport(L)] internal static extern IntPtr mn_argmin(H t, long d, int hasDim, int keep);
    [DllImport(L)] internal static extern IntPtr mn_logsumexp(H t, long[] d, int n, int keep);
    [DllImport(L)] internal static extern IntPtr mn_std(H t, long[] d, int n, int unbiased, int keep);
    [DllImport(L)] internal static extern IntPtr mn_var(H t, long[] d, int n, int unbiased, int keep);
    [DllImport(L)] internal static extern IntPtr mn_norm(H t, double p, long[] d, int n, int keep);
    [DllImport(L)] internal static extern IntPtr mn_all(H t);
    [DllImport(L)] internal static extern IntPtr mn_any(H t);
    [DllImport(L)] internal static extern IntPtr mn_cumsum(H t, long d);
    [DllImport(L)] internal static extern IntPtr mn_compare(H a, H b, int op);
    [DllImport(L)] internal static extern IntPtr mn_compare_scalar(H a, double v, int isInt, int op);
    [DllImport(L)] internal static extern IntPtr mn_logical_and(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_logical_or(H a, H b);
    [DllImport(L)] internal static extern int mn_equal(H a, H b);
    [DllImport(L)] internal static extern int mn_allclose(H a, H b, double rtol, double atol);
    [DllImport(L)] internal static extern IntPtr mn_matmul(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_mm(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_bmm(H a, H b);
    [DllImport(L)] internal static extern IntPtr mn_einsum([MarshalAs(UnmanagedType.LPUTF8Str)] string eq, IntPtr[] ts, int n);
    [DllImport(L)] internal static extern IntPtr mn_outer(H a, H b);

    // nn.cpp
    [DllImport(L)] internal static extern IntPtr mn_linear(H x, H w, H? b);
    [DllImport(L)] internal static extern IntPtr mn_conv2d(H x, H w, H? b, long[] stride, long[] padding, long[] dilation, long groups);
    [DllImport(L)] internal static extern IntPtr mn_batch_norm(H x, H? runningMean, H? runningVar, H? w, H? b, int training, double momentum, double eps);
    [DllImport(L)] internal static extern IntPtr mn_layer_norm(H x, long[] shape, int n, H? w, H? b, double eps);
    [DllImport(L)] internal static extern IntPtr mn_max_pool2d(H x, long[] k, long[] s, long[] p, int ceil);
    [DllImport(L)] internal static extern IntPtr mn_avg_pool2d(H x, long[] k, long[] s, long[] p, int ceil, int countIncludePad);
    [DllImport(L)] internal static extern IntPtr mn_adaptive_avg_pool2d(H x, long[] output);
    [DllImport(L)] internal static extern IntPtr mn_leaky_relu(H x, double slope);
    [DllImport(L)] internal static extern IntPtr mn_elu(H x, double alpha);
    [DllImport(L)] internal static extern IntPtr mn_gelu(H x, int tanhApprox);
    [DllImport(L)] internal static extern IntPtr mn_softmax(H x, long d);
    [DllImport(L)] internal static extern IntPtr mn_log_softmax(H x, long d);
    [DllImport(L)] internal static extern IntPtr mn_dropout(H x, double p, int train);
    [DllImport(L)] internal static extern IntPtr mn_cross_entropy(H x, H target, H? weight, int reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(L)] internal static extern IntPtr mn_nll_loss(H x, H target, H? weight, int reduction, long ignoreIndex);
    [DllImport(L)] internal static extern IntPtr mn_mse_loss(H a, H b, int reduction);
    [DllImport(L)] internal static extern IntPtr mn_l1_loss(H a, H b, int reduction);
    [DllImport(L)] internal static extern IntPtr mn_bce_with_logits(H x, H target, H? weight, H? posWeight, int reduction);
    [DllImport(L)] internal static extern IntPtr mn_binary_cross_entropy(H x, H target, H? weight, int reduction);
    [DllImport(L)] internal static extern IntPtr mn_cosine_similarity(H a, H b, long d, double eps);
    [DllImport(L)] internal static extern IntPtr mn_pairwise_distance(H a, H b, double p, double eps, int keep);
    [DllImport(L)] internal static extern IntPtr mn_cdist(H a, H b, double p);
    [DllImport(L)] internal static extern IntPtr mn_interpolate(H x, long[] size, int mode, int alignCorners);
    [DllImport(L)] internal static extern IntPtr mn_pad(H x, long[] pads, int n, int mode, double value);

    // autograd.cpp
    [DllImport(L)] internal static extern int mn_backward(H t, H? grad, int retainGraph, int createGraph);
    [DllImport(L)] internal static extern int mn_autograd_grad(IntPtr[] outputs, int nOut, IntPtr[]? gradOutputs, IntPtr[] inputs, int nIn,
        int retainGraph, int createGraph, int allowUnused, IntPtr[] results);
    [DllImport(L)] internal static extern void mn_set_anomaly_enabled(int enabled);
    [DllImport(L)] internal static extern int mn_is_anomaly_enabled();

    // image.cpp
    [DllImport(L)] internal static extern unsafe int mn_png_size(byte* bytes, long len, out int width, out int height);
    [DllImport(L)] internal static extern unsafe int mn_png_decode_gray(byte* bytes, long len, byte* output, long capacity);

    /// <summary>The last native error on this thread.</summary>
    internal static string LastError() => Marshal.PtrToStringUTF8(mn_last_error()) ?? "unknown native error";
}
