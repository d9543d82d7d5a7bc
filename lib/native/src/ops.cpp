// Tensor operations: shape, indexing, arithmetic, math, reductions, comparisons, linear algebra.
#include "metanb.h"

using namespace mn;

// ---- copies and views ----
MN_API mn_tensor mn_clone(mn_tensor t) { MN_RET(T(t).clone()) }
MN_API mn_tensor mn_detach(mn_tensor t) { MN_RET(T(t).detach()) }
MN_API mn_tensor mn_contiguous(mn_tensor t) { MN_RET(T(t).contiguous()) }
MN_API mn_tensor mn_alias(mn_tensor t) { MN_RET(T(t)) }

// ---- shape ----
MN_API mn_tensor mn_reshape(mn_tensor t, const int64_t* s, int n) { MN_RET(T(t).reshape(dims(s, n))) }
MN_API mn_tensor mn_view(mn_tensor t, const int64_t* s, int n) { MN_RET(T(t).view(dims(s, n))) }
MN_API mn_tensor mn_permute(mn_tensor t, const int64_t* s, int n) { MN_RET(T(t).permute(dims(s, n))) }
MN_API mn_tensor mn_transpose(mn_tensor t, int64_t a, int64_t b) { MN_RET(T(t).transpose(a, b)) }
MN_API mn_tensor mn_squeeze(mn_tensor t) { MN_RET(T(t).squeeze()) }
MN_API mn_tensor mn_squeeze_dim(mn_tensor t, int64_t d) { MN_RET(T(t).squeeze(d)) }
MN_API mn_tensor mn_unsqueeze(mn_tensor t, int64_t d) { MN_RET(T(t).unsqueeze(d)) }
MN_API mn_tensor mn_expand(mn_tensor t, const int64_t* s, int n) { MN_RET(T(t).expand(dims(s, n))) }
MN_API mn_tensor mn_repeat(mn_tensor t, const int64_t* s, int n) { MN_RET(T(t).repeat(dims(s, n))) }
MN_API mn_tensor mn_repeat_interleave(mn_tensor t, int64_t r, int64_t d) { MN_RET(T(t).repeat_interleave(r, d)) }
MN_API mn_tensor mn_flatten(mn_tensor t, int64_t a, int64_t b) { MN_RET(T(t).flatten(a, b)) }
MN_API mn_tensor mn_narrow(mn_tensor t, int64_t d, int64_t start, int64_t len) { MN_RET(T(t).narrow(d, start, len)) }
MN_API mn_tensor mn_select(mn_tensor t, int64_t d, int64_t i) { MN_RET(T(t).select(d, i)) }
MN_API mn_tensor mn_slice(mn_tensor t, int64_t d, int64_t start, int64_t end, int64_t step) {
    MN_RET(T(t).slice(d, start, end, step))
}
MN_API mn_tensor mn_cat(const mn_tensor* ts, int n, int64_t d) { MN_RET(at::cat(tensors(ts, n), d)) }
MN_API mn_tensor mn_stack(const mn_tensor* ts, int n, int64_t d) { MN_RET(at::stack(tensors(ts, n), d)) }
MN_API mn_list mn_split(mn_tensor t, int64_t size, int64_t d) {
    MN_TRY return wrap_list(T(t).split(size, d)); MN_CATCH(nullptr)
}
MN_API mn_list mn_split_sizes(mn_tensor t, const int64_t* s, int n, int64_t d) {
    MN_TRY return wrap_list(T(t).split_with_sizes(dims(s, n), d)); MN_CATCH(nullptr)
}
MN_API mn_list mn_chunk(mn_tensor t, int64_t chunks, int64_t d) {
    MN_TRY return wrap_list(T(t).chunk(chunks, d)); MN_CATCH(nullptr)
}
MN_API mn_tensor mn_tril(mn_tensor t, int64_t k) { MN_RET(T(t).tril(k)) }
MN_API mn_tensor mn_triu(mn_tensor t, int64_t k) { MN_RET(T(t).triu(k)) }
MN_API mn_tensor mn_flip(mn_tensor t, const int64_t* s, int n) { MN_RET(T(t).flip(dims(s, n))) }
MN_API mn_tensor mn_rot90(mn_tensor t, int64_t k, int64_t d0, int64_t d1) { MN_RET(T(t).rot90(k, {d0, d1})) }

// ---- indexing ----
MN_API mn_tensor mn_index_select(mn_tensor t, int64_t d, mn_tensor idx) { MN_RET(T(t).index_select(d, T(idx))) }
MN_API mn_tensor mn_index(mn_tensor t, mn_tensor idx) {
    MN_RET(T(t).index({at::indexing::TensorIndex(T(idx))}))
}
MN_API mn_tensor mn_gather(mn_tensor t, int64_t d, mn_tensor idx) { MN_RET(T(t).gather(d, T(idx))) }
MN_API mn_tensor mn_scatter(mn_tensor t, int64_t d, mn_tensor idx, mn_tensor src) {
    MN_RET(T(t).scatter(d, T(idx), T(src)))
}
MN_API mn_tensor mn_scatter_add(mn_tensor t, int64_t d, mn_tensor idx, mn_tensor src) {
    MN_RET(T(t).scatter_add(d, T(idx), T(src)))
}
// libtorch 1.13 accepts a non-bool mask in masked_fill and silently ignores it: insist on bool, as PyTorch 2 does.
static const at::Tensor& bool_mask(const at::Tensor& mask, const char* op) {
    if (mask.scalar_type() != at::kBool)
        throw std::invalid_argument(std::string(op) + " only supports boolean masks, but got mask with dtype " +
                                    c10::toString(mask.scalar_type()) + " (make one with a comparison, e.g. x > 0, or .bool())");
    return mask;
}
MN_API mn_tensor mn_masked_fill(mn_tensor t, mn_tensor mask, double v, int is_int) {
    MN_RET(T(t).masked_fill(bool_mask(T(mask), "masked_fill"), scalar(v, is_int)))
}
MN_API mn_tensor mn_masked_select(mn_tensor t, mn_tensor mask) { MN_RET(T(t).masked_select(bool_mask(T(mask), "masked_select"))) }
MN_API mn_tensor mn_where(mn_tensor c, mn_tensor a, mn_tensor b) { MN_RET(at::where(T(c), T(a), T(b))) }
MN_API mn_tensor mn_one_hot(mn_tensor t, int64_t n) { MN_RET(at::one_hot(T(t), n)) }
MN_API mn_tensor mn_nonzero(mn_tensor t) { MN_RET(T(t).nonzero()) }

// ---- arithmetic: tensor-tensor, tensor-scalar, in place ----
MN_API mn_tensor mn_add(mn_tensor a, mn_tensor b, double alpha) { MN_RET(at::add(T(a), T(b), alpha)) }
MN_API mn_tensor mn_sub(mn_tensor a, mn_tensor b, double alpha) { MN_RET(at::sub(T(a), T(b), alpha)) }
MN_API mn_tensor mn_mul(mn_tensor a, mn_tensor b) { MN_RET(at::mul(T(a), T(b))) }
MN_API mn_tensor mn_div(mn_tensor a, mn_tensor b) { MN_RET(at::div(T(a), T(b))) }
MN_API mn_tensor mn_pow(mn_tensor a, mn_tensor b) { MN_RET(at::pow(T(a), T(b))) }
MN_API mn_tensor mn_maximum(mn_tensor a, mn_tensor b) { MN_RET(at::maximum(T(a), T(b))) }
MN_API mn_tensor mn_minimum(mn_tensor a, mn_tensor b) { MN_RET(at::minimum(T(a), T(b))) }
MN_API mn_tensor mn_add_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::add(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_sub_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::sub(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_rsub_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::rsub(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_mul_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::mul(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_div_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::div(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_rdiv_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::reciprocal(T(a)) * scalar(v, is_int)) }
MN_API mn_tensor mn_pow_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::pow(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_rpow_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::pow(scalar(v, is_int), T(a))) }
MN_API mn_tensor mn_remainder_scalar(mn_tensor a, double v, int is_int) { MN_RET(at::remainder(T(a), scalar(v, is_int))) }
MN_API mn_tensor mn_floor_divide_scalar(mn_tensor a, double v, int is_int) {
    MN_RET(at::div(T(a), scalar(v, is_int), "floor"))
}
MN_API int mn_add_(mn_tensor a, mn_tensor b, double alpha) { MN_DO(T(a).add_(T(b), alpha)) }
MN_API int mn_add_scalar_(mn_tensor a, double v) { MN_DO(T(a).add_(v)) }
MN_API int mn_sub_(mn_tensor a, mn_tensor b, double alpha) { MN_DO(T(a).sub_(T(b), alpha)) }
MN_API int mn_mul_(mn_tensor a, mn_tensor b) { MN_DO(T(a).mul_(T(b))) }
MN_API int mn_mul_scalar_(mn_tensor a, double v) { MN_DO(T(a).mul_(v)) }
MN_API int mn_div_(mn_tensor a, mn_tensor b) { MN_DO(T(a).div_(T(b))) }
MN_API int mn_addcmul_(mn_tensor a, mn_tensor b, mn_tensor c, double v) { MN_DO(T(a).addcmul_(T(b), T(c), v)) }
MN_API int mn_addcdiv_(mn_tensor a, mn_tensor b, mn_tensor c, double v) { MN_DO(T(a).addcdiv_(T(b), T(c), v)) }
MN_API int mn_lerp_(mn_tensor a, mn_tensor b, double w) { MN_DO(T(a).lerp_(T(b), w)) }
MN_API int mn_copy_(mn_tensor a, mn_tensor b) { MN_DO(T(a).copy_(T(b))) }
MN_API int mn_zero_(mn_tensor a) { MN_DO(T(a).zero_()) }
MN_API int mn_fill_(mn_tensor a, double v) { MN_DO(T(a).fill_(v)) }
MN_API int mn_clamp_(mn_tensor a, double lo, double hi) {
    MN_DO(T(a).clamp_(std::isnan(lo) ? c10::optional<at::Scalar>() : c10::optional<at::Scalar>(lo),
                      std::isnan(hi) ? c10::optional<at::Scalar>() : c10::optional<at::Scalar>(hi)))
}
MN_API int mn_uniform_(mn_tensor a, double lo, double hi) { MN_DO(T(a).uniform_(lo, hi)) }
MN_API int mn_normal_(mn_tensor a, double mean, double std) { MN_DO(T(a).normal_(mean, std)) }

// ---- elementwise math ----
#define MN_UNARY(name, expr) \
    MN_API mn_tensor mn_##name(mn_tensor a) { MN_RET(expr) }
MN_UNARY(neg, at::neg(T(a)))
MN_UNARY(exp, at::exp(T(a)))
MN_UNARY(log, at::log(T(a)))
MN_UNARY(log1p, at::log1p(T(a)))
MN_UNARY(sqrt, at::sqrt(T(a)))
MN_UNARY(rsqrt, at::rsqrt(T(a)))
MN_UNARY(abs, at::abs(T(a)))
MN_UNARY(sign, at::sign(T(a)))
MN_UNARY(sin, at::sin(T(a)))
MN_UNARY(cos, at::cos(T(a)))
MN_UNARY(floor, at::floor(T(a)))
MN_UNARY(ceil, at::ceil(T(a)))
MN_UNARY(round, at::round(T(a)))
MN_UNARY(reciprocal, at::reciprocal(T(a)))
MN_UNARY(sigmoid, at::sigmoid(T(a)))
MN_UNARY(tanh, at::tanh(T(a)))
MN_UNARY(relu, at::relu(T(a)))
MN_UNARY(isnan, at::isnan(T(a)))
MN_UNARY(isfinite, at::isfinite(T(a)))
MN_UNARY(logical_not, at::logical_not(T(a)))
MN_API mn_tensor mn_clamp(mn_tensor a, double lo, double hi) {
    MN_RET(at::clamp(T(a), std::isnan(lo) ? c10::optional<at::Scalar>() : c10::optional<at::Scalar>(lo),
                     std::isnan(hi) ? c10::optional<at::Scalar>() : c10::optional<at::Scalar>(hi)))
}

// ---- reductions ----
MN_API mn_tensor mn_sum(mn_tensor t) { MN_RET(T(t).sum()) }
MN_API mn_tensor mn_sum_dims(mn_tensor t, const int64_t* d, int n, int keep) { MN_RET(T(t).sum(dims(d, n), keep != 0)) }
MN_API mn_tensor mn_mean(mn_tensor t) { MN_RET(T(t).mean()) }
MN_API mn_tensor mn_mean_dims(mn_tensor t, const int64_t* d, int n, int keep) { MN_RET(T(t).mean(dims(d, n), keep != 0)) }
MN_API mn_tensor mn_prod(mn_tensor t) { MN_RET(T(t).prod()) }
MN_API mn_tensor mn_max(mn_tensor t) { MN_RET(T(t).max()) }
MN_API mn_tensor mn_min(mn_tensor t) { MN_RET(T(t).min()) }
// Max/min along a dimension: values and indices.
MN_API int mn_max_dim(mn_tensor t, int64_t d, int keep, mn_tensor* values, mn_tensor* indices) {
    MN_TRY auto r = T(t).max(d, keep != 0); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r)); return 0;
    MN_CATCH(-1)
}
MN_API int mn_min_dim(mn_tensor t, int64_t d, int keep, mn_tensor* values, mn_tensor* indices) {
    MN_TRY auto r = T(t).min(d, keep != 0); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r)); return 0;
    MN_CATCH(-1)
}
// Singular value decomposition A = U diag(S) Vh (torch.linalg.svd), batched over leading dims.
MN_API int mn_linalg_svd(mn_tensor t, int full_matrices, mn_tensor* u, mn_tensor* s, mn_tensor* vh) {
    MN_TRY auto r = at::linalg_svd(T(t), full_matrices != 0);
    *u = wrap(std::get<0>(r)); *s = wrap(std::get<1>(r)); *vh = wrap(std::get<2>(r)); return 0;
    MN_CATCH(-1)
}
MN_API int mn_sort(mn_tensor t, int64_t d, int descending, mn_tensor* values, mn_tensor* indices) {
    MN_TRY auto r = T(t).sort(d, descending != 0); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r));
    return 0;
    MN_CATCH(-1)
}
MN_API int mn_topk(mn_tensor t, int64_t k, int64_t d, int largest, mn_tensor* values, mn_tensor* indices) {
    MN_TRY auto r = T(t).topk(k, d, largest != 0); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r));
    return 0;
    MN_CATCH(-1)
}
MN_API mn_tensor mn_argmax(mn_tensor t, int64_t d, int has_dim, int keep) {
    MN_RET(has_dim ? T(t).argmax(d, keep != 0) : T(t).argmax())
}
MN_API mn_tensor mn_argmin(mn_tensor t, int64_t d, int has_dim, int keep) {
    MN_RET(has_dim ? T(t).argmin(d, keep != 0) : T(t).argmin())
}
MN_API mn_tensor mn_logsumexp(mn_tensor t, const int64_t* d, int n, int keep) { MN_RET(T(t).logsumexp(dims(d, n), keep != 0)) }
MN_API mn_tensor mn_std(mn_tensor t, const int64_t* d, int n, int unbiased, int keep) {
    MN_RET(n == 0 ? T(t).std(unbiased != 0) : T(t).std(dims(d, n), unbiased != 0, keep != 0))
}
MN_API mn_tensor mn_var(mn_tensor t, const int64_t* d, int n, int unbiased, int keep) {
    MN_RET(n == 0 ? T(t).var(unbiased != 0) : T(t).var(dims(d, n), unbiased != 0, keep != 0))
}
MN_API mn_tensor mn_norm(mn_tensor t, double p, const int64_t* d, int n, int keep) {
    MN_RET(n == 0 ? at::norm(T(t), p) : at::norm(T(t), p, dims(d, n), keep != 0))
}
MN_API mn_tensor mn_all(mn_tensor t) { MN_RET(T(t).all()) }
MN_API mn_tensor mn_any(mn_tensor t) { MN_RET(T(t).any()) }
MN_API mn_tensor mn_cumsum(mn_tensor t, int64_t d) { MN_RET(T(t).cumsum(d)) }

// ---- comparisons (op: 0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge) ----
// B is a tensor or a scalar: ATen overloads each comparison for both.
template <typename B>
static at::Tensor compare(const at::Tensor& a, const B& b, int op) {
    switch (op) {
        case 0: return at::eq(a, b);
        case 1: return at::ne(a, b);
        case 2: return at::lt(a, b);
        case 3: return at::le(a, b);
        case 4: return at::gt(a, b);
        case 5: return at::ge(a, b);
        default: throw std::invalid_argument("unknown comparison");
    }
}
MN_API mn_tensor mn_compare(mn_tensor a, mn_tensor b, int op) { MN_RET(compare(T(a), T(b), op)) }
MN_API mn_tensor mn_compare_scalar(mn_tensor a, double v, int is_int, int op) { MN_RET(compare(T(a), scalar(v, is_int), op)) }
MN_API mn_tensor mn_logical_and(mn_tensor a, mn_tensor b) { MN_RET(at::logical_and(T(a), T(b))) }
MN_API mn_tensor mn_logical_or(mn_tensor a, mn_tensor b) { MN_RET(at::logical_or(T(a), T(b))) }
MN_API int mn_equal(mn_tensor a, mn_tensor b) { MN_TRY return at::equal(T(a), T(b)) ? 1 : 0; MN_CATCH(-1) }
MN_API int mn_allclose(mn_tensor a, mn_tensor b, double rtol, double atol) {
    MN_TRY return at::allclose(T(a), T(b), rtol, atol) ? 1 : 0; MN_CATCH(-1)
}

// ---- linear algebra ----
MN_API mn_tensor mn_matmul(mn_tensor a, mn_tensor b) { MN_RET(at::matmul(T(a), T(b))) }
MN_API mn_tensor mn_mm(mn_tensor a, mn_tensor b) { MN_RET(at::mm(T(a), T(b))) }
MN_API mn_tensor mn_bmm(mn_tensor a, mn_tensor b) { MN_RET(at::bmm(T(a), T(b))) }
MN_API mn_tensor mn_einsum(const char* eq, const mn_tensor* ts, int n) { MN_RET(at::einsum(eq, tensors(ts, n))) }
MN_API mn_tensor mn_outer(mn_tensor a, mn_tensor b) { MN_RET(at::outer(T(a), T(b))) }
