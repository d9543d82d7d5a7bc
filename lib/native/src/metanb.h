// The C ABI of the MetaNotebooks native shim over libtorch.
// Conventions: a tensor handle is an owned at::Tensor* (free it with mn_free); a function that returns a
// handle returns NULL on error, a function that returns int returns 0 on success and -1 on error; the error
// text is then in mn_last_error() (per thread). No C++ exception ever crosses this boundary.
#pragma once
#include <ATen/ATen.h>
#include <string>
#include <cstdint>

#define MN_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* mn_tensor;
typedef std::vector<at::Tensor>* mn_list;

namespace mn {
void set_error(const char* msg);
inline mn_tensor wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
inline mn_list wrap_list(std::vector<at::Tensor> v) { return new std::vector<at::Tensor>(std::move(v)); }
inline const at::Tensor& T(mn_tensor t) {
    if (t == nullptr) throw std::invalid_argument("a tensor argument is null");
    return *t;
}
// Optional tensor argument: NULL means "none".
inline c10::optional<at::Tensor> opt(mn_tensor t) {
    return t == nullptr ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(*t);
}
// Autograd may return an "efficient zero tensor" (no storage; reading its data crashes) for a gradient it knows is
// zero, e.g. the second derivative of abs: hand out ordinary zeros instead.
inline at::Tensor materialize(const at::Tensor& t) {
    return t.defined() && t._is_zerotensor() ? at::zeros(t.sizes(), t.options()) : t;
}
inline at::Tensor undef_or(mn_tensor t) { return t == nullptr ? at::Tensor() : *t; }
inline at::IntArrayRef dims(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
inline at::Scalar scalar(double v, int is_int) {
    return is_int ? at::Scalar(static_cast<int64_t>(v)) : at::Scalar(v);
}
std::vector<at::Tensor> tensors(const mn_tensor* p, int n);
// dtype and device; requires_grad is not part of them: at:: factories ignore it, so apply it with requiring_grad.
at::TensorOptions options(int dtype, int device_type, int device_index, int requires_grad);
inline at::Tensor requiring_grad(at::Tensor t, int requires_grad) {
    if (requires_grad) t.set_requires_grad(true);
    return t;
}
}  // namespace mn

#define MN_TRY try {
#define MN_CATCH(fail)                                     \
    }                                                      \
    catch (const c10::Error& e) {                          \
        mn::set_error(e.what_without_backtrace());         \
        return fail;                                       \
    }                                                      \
    catch (const std::exception& e) {                      \
        mn::set_error(e.what());                           \
        return fail;                                       \
    }                                                      \
    catch (...) {                                          \
        mn::set_error("unknown native error");             \
        return fail;                                       \
    }

// A function returning a new tensor handle from an expression.
#define MN_RET(expr) MN_TRY return mn::wrap(expr); MN_CATCH(nullptr)
// A function returning 0 after running a statement.
#define MN_DO(stmt) MN_TRY stmt; return 0; MN_CATCH(-1)
