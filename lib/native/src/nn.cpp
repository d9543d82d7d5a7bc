// nn.functional: layers, activations, normalisation, pooling, losses, distances, resizing, padding.
#include "metanb.h"

using namespace mn;

static int64_t reduction(int r) {
    // 0 none, 1 mean, 2 sum: the same numbering as at::Reduction.
    if (r < 0 || r > 2) throw std::invalid_argument("reduction must be 'none', 'mean' or 'sum'");
    return r;
}

MN_API mn_tensor mn_linear(mn_tensor x, mn_tensor w, mn_tensor b) { MN_RET(at::linear(T(x), T(w), opt(b))) }
MN_API mn_tensor mn_conv2d(mn_tensor x, mn_tensor w, mn_tensor b, const int64_t* stride, const int64_t* padding,
                           const int64_t* dilation, int64_t groups) {
    MN_RET(at::conv2d(T(x), T(w), opt(b), dims(stride, 2), dims(padding, 2), dims(dilation, 2), groups))
}
MN_API mn_tensor mn_batch_norm(mn_tensor x, mn_tensor running_mean, mn_tensor running_var, mn_tensor w, mn_tensor b,
                               int training, double momentum, double eps) {
    MN_RET(at::batch_norm(T(x), opt(w), opt(b), opt(running_mean), opt(running_var), training != 0, momentum, eps,
                          at::globalContext().userEnabledCuDNN()))
}
MN_API mn_tensor mn_layer_norm(mn_tensor x, const int64_t* shape, int n, mn_tensor w, mn_tensor b, double eps) {
    MN_RET(at::layer_norm(T(x), dims(shape, n), opt(w), opt(b), eps, at::globalContext().userEnabledCuDNN()))
}
MN_API mn_tensor mn_max_pool2d(mn_tensor x, const int64_t* k, const int64_t* s, const int64_t* p, int ceil) {
    MN_RET(at::max_pool2d(T(x), dims(k, 2), dims(s, 2), dims(p, 2), {1, 1}, ceil != 0))
}
MN_API mn_tensor mn_avg_pool2d(mn_tensor x, const int64_t* k, const int64_t* s, const int64_t* p, int ceil,
                               int count_include_pad) {
    MN_RET(at::avg_pool2d(T(x), dims(k, 2), dims(s, 2), dims(p, 2), ceil != 0, count_include_pad != 0))
}
MN_API mn_tensor mn_adaptive_avg_pool2d(mn_tensor x, const int64_t* out) { MN_RET(at::adaptive_avg_pool2d(T(x), dims(out, 2))) }
MN_API mn_tensor mn_leaky_relu(mn_tensor x, double slope) { MN_RET(at::leaky_relu(T(x), slope)) }
MN_API mn_tensor mn_elu(mn_tensor x, double alpha) { MN_RET(at::elu(T(x), alpha)) }
MN_API mn_tensor mn_gelu(mn_tensor x, int tanh_approx) { MN_RET(at::gelu(T(x), tanh_approx ? "tanh" : "none")) }
MN_API mn_tensor mn_softmax(mn_tensor x, int64_t d) { MN_RET(at::softmax(T(x), d)) }
MN_API mn_tensor mn_log_softmax(mn_tensor x, int64_t d) { MN_RET(at::log_softmax(T(x), d)) }
MN_API mn_tensor mn_dropout(mn_tensor x, double p, int train) { MN_RET(at::dropout(T(x), p, train != 0)) }
MN_API mn_tensor mn_cross_entropy(mn_tensor x, mn_tensor target, mn_tensor weight, int red, int64_t ignore_index,
                                  double label_smoothing) {
    MN_RET(at::cross_entropy_loss(T(x), T(target), opt(weight), reduction(red), ignore_index, label_smoothing))
}
MN_API mn_tensor mn_nll_loss(mn_tensor x, mn_tensor target, mn_tensor weight, int red, int64_t ignore_index) {
    MN_RET(at::nll_loss_nd(T(x), T(target), opt(weight), reduction(red), ignore_index))
}
MN_API mn_tensor mn_mse_loss(mn_tensor a, mn_tensor b, int red) { MN_RET(at::mse_loss(T(a), T(b), reduction(red))) }
MN_API mn_tensor mn_l1_loss(mn_tensor a, mn_tensor b, int red) { MN_RET(at::l1_loss(T(a), T(b), reduction(red))) }
MN_API mn_tensor mn_bce_with_logits(mn_tensor x, mn_tensor target, mn_tensor weight, mn_tensor pos_weight, int red) {
    MN_RET(at::binary_cross_entropy_with_logits(T(x), T(target), opt(weight), opt(pos_weight), reduction(red)))
}
MN_API mn_tensor mn_binary_cross_entropy(mn_tensor x, mn_tensor target, mn_tensor weight, int red) {
    MN_RET(at::binary_cross_entropy(T(x), T(target), opt(weight), reduction(red)))
}
MN_API mn_tensor mn_cosine_similarity(mn_tensor a, mn_tensor b, int64_t d, double eps) {
    MN_RET(at::cosine_similarity(T(a), T(b), d, eps))
}
MN_API mn_tensor mn_pairwise_distance(mn_tensor a, mn_tensor b, double p, double eps, int keep) {
    MN_RET(at::pairwise_distance(T(a), T(b), p, eps, keep != 0))
}
// libtorch 1.13's cdist has no second derivative (_cdist_backward is not differentiable), which MAML over a metric head
// needs. When autograd records, compute the same distances from differentiable ops instead: for p = 2 the matrix-product
// form below, otherwise the p-norm of every pairwise difference (memory P x R x M; the norm's backward is 0 at distance 0,
// as cdist's).
MN_API mn_tensor mn_cdist(mn_tensor a, mn_tensor b, double p) {
    MN_TRY
    const auto& x1 = T(a);
    const auto& x2 = T(b);
    if (!at::GradMode::is_enabled() || !(x1.requires_grad() || x2.requires_grad())) return wrap(at::cdist(x1, x2, p));
    TORCH_CHECK(x1.dim() >= 2 && x2.dim() >= 2, "cdist only supports at least 2D tensors, X1 got: ", x1.dim(), "D, X2 got: ",
                x2.dim(), "D");
    TORCH_CHECK(x1.size(-1) == x2.size(-1), "X1 and X2 must have the same number of columns. X1: ", x1.size(-1),
                " X2: ", x2.size(-1));
    TORCH_CHECK(p >= 0, "cdist only supports non-negative p values");
    // p = 2: the matrix-product form (|x|^2 - 2 x.y + |y|^2), which cdist itself uses for more than 25 rows and whose
    // backward is made of differentiable ops; fast, and what the ProtoNet reference computes.
    if (p == 2.0) return wrap(at::_euclidean_dist(x1, x2));
    return wrap(at::linalg_vector_norm(x1.unsqueeze(-2) - x2.unsqueeze(-3), p, at::IntArrayRef{-1}));
    MN_CATCH(nullptr)
}
// mode: 0 bilinear, 1 area (adaptive average pooling, as PyTorch defines it), 2 nearest.
MN_API mn_tensor mn_interpolate(mn_tensor x, const int64_t* size, int mode, int align_corners) {
    MN_TRY
    switch (mode) {
        case 0: return wrap(at::upsample_bilinear2d(T(x), dims(size, 2), align_corners != 0, c10::nullopt, c10::nullopt));
        case 1: return wrap(at::adaptive_avg_pool2d(T(x), dims(size, 2)));
        case 2: return wrap(at::upsample_nearest2d(T(x), dims(size, 2), c10::nullopt, c10::nullopt));
        default: throw std::invalid_argument("interpolate: mode must be bilinear, area or nearest");
    }
    MN_CATCH(nullptr)
}
// mode: 0 constant, 1 reflect, 2 replicate.
MN_API mn_tensor mn_pad(mn_tensor x, const int64_t* pads, int n, int mode, double value) {
    MN_TRY
    switch (mode) {
        case 0: return wrap(at::constant_pad_nd(T(x), dims(pads, n), value));
        case 1:
            if (n == 2) return wrap(at::reflection_pad1d(T(x), dims(pads, n)));
            if (n == 4) return wrap(at::reflection_pad2d(T(x), dims(pads, n)));
            throw std::invalid_argument("pad: reflect takes 2 or 4 padding sizes, got " + std::to_string(n));
        case 2:
            if (n == 2) return wrap(at::replication_pad1d(T(x), dims(pads, n)));
            if (n == 4) return wrap(at::replication_pad2d(T(x), dims(pads, n)));
            throw std::invalid_argument("pad: replicate takes 2 or 4 padding sizes, got " + std::to_string(n));
        default: throw std::invalid_argument("pad: mode must be constant, reflect or replicate");
    }
    MN_CATCH(nullptr)
}
