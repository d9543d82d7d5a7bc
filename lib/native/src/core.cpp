// Handles, errors, properties, creation, data transfer, random state, threads and devices.
#include "metanb.h"
#include <ATen/Parallel.h>
#include <torch/version.h>
#include <c10/core/GradMode.h>
#include <cstring>

namespace mn {
static thread_local std::string g_error;
void set_error(const char* msg) { g_error = msg ? msg : "unknown native error"; }

std::vector<at::Tensor> tensors(const mn_tensor* p, int n) {
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; ++i) v.push_back(T(p[i]));
    return v;
}

at::TensorOptions options(int dtype, int device_type, int device_index, int requires_grad) {
    // Without this check a CPU-only libtorch answers with a page-long dispatcher dump ("Could not run
    // 'aten::empty.memory_format' with arguments from the 'CUDA' backend ...") that does not say what to do.
    if (device_type == 1 && !at::hasCUDA())
        throw std::invalid_argument(
            "CUDA is not available: this libtorch has no CUDA support or no GPU is visible (torch.cuda.is_available() is "
            "false). Use the CPU (\"cpu\"), or build against a CUDA libtorch: dotnet build -p:LibTorchDir=/path/to/libtorch");
    auto dev = at::Device(device_type == 1 ? at::kCUDA : at::kCPU,
                          static_cast<c10::DeviceIndex>(device_type == 1 ? device_index : -1));
    return at::TensorOptions()
        .dtype(static_cast<at::ScalarType>(dtype))
        .device(dev);
}
}  // namespace mn

using namespace mn;

MN_API const char* mn_last_error() { return g_error.c_str(); }
MN_API const char* mn_version() { return TORCH_VERSION; }
MN_API void mn_free(mn_tensor t) { delete t; }
MN_API void mn_list_free(mn_list l) { delete l; }
MN_API int64_t mn_list_size(mn_list l) { return static_cast<int64_t>(l->size()); }
MN_API mn_tensor mn_list_get(mn_list l, int64_t i) { MN_RET((*l).at(static_cast<size_t>(i))) }

// ---- properties ----
MN_API int mn_dim(mn_tensor t) { return static_cast<int>(t->dim()); }
MN_API void mn_shape(mn_tensor t, int64_t* out) {
    auto s = t->sizes();
    std::memcpy(out, s.data(), s.size() * sizeof(int64_t));
}
MN_API int64_t mn_numel(mn_tensor t) { return t->numel(); }
MN_API int mn_dtype(mn_tensor t) { return static_cast<int>(t->scalar_type()); }
MN_API int mn_device_type(mn_tensor t) { return t->device().is_cuda() ? 1 : 0; }
MN_API int mn_device_index(mn_tensor t) { return t->device().index(); }
MN_API int mn_requires_grad(mn_tensor t) { return t->requires_grad() ? 1 : 0; }
MN_API int mn_is_leaf(mn_tensor t) { return t->is_leaf() ? 1 : 0; }
MN_API int mn_set_requires_grad(mn_tensor t, int value) { MN_DO(t->set_requires_grad(value != 0)) }
MN_API int mn_retain_grad(mn_tensor t) { MN_DO(t->retain_grad()) }
// The gradient; *out is NULL when the tensor has none.
MN_API int mn_grad(mn_tensor t, mn_tensor* out) {
    MN_TRY
    const auto& g = t->grad();
    *out = g.defined() ? wrap(materialize(g)) : nullptr;
    return 0;
    MN_CATCH(-1)
}
// Checks what PyTorch's `x.grad = g` checks; mutable_grad() alone would accept any tensor, and an optimizer would then
// broadcast a wrong-shaped gradient into the parameter.
MN_API int mn_set_grad(mn_tensor t, mn_tensor g) {
    MN_TRY
    if (g != nullptr) {
        if (g->sizes() != t->sizes())
            throw std::invalid_argument("assigned grad has data of a different size: the tensor has shape " +
                                        c10::str(t->sizes()) + ", the gradient " + c10::str(g->sizes()));
        if (g->scalar_type() != t->scalar_type())
            throw std::invalid_argument(std::string("assigned grad has data of a different type: the tensor is ") +
                                        c10::toString(t->scalar_type()) + ", the gradient " + c10::toString(g->scalar_type()));
        if (g->device() != t->device())
            throw std::invalid_argument("assigned grad has data located on a different device: the tensor is on " +
                                        t->device().str() + ", the gradient on " + g->device().str());
    }
    t->mutable_grad() = undef_or(g);
    return 0;
    MN_CATCH(-1)
}
MN_API int mn_same_storage(mn_tensor a, mn_tensor b) { return a->is_same(*b) ? 1 : 0; }

// ---- creation ----
MN_API mn_tensor mn_from_data(const void* data, const int64_t* shape, int ndim, int dtype, int dev, int dev_index,
                              int requires_grad) {
    MN_TRY
    auto cpu = at::empty(dims(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
    if (cpu.numel() > 0) std::memcpy(cpu.data_ptr(), data, cpu.numel() * cpu.element_size());
    auto t = dev == 0 ? cpu : cpu.to(options(dtype, dev, dev_index, 0).device());
    if (requires_grad) t.set_requires_grad(true);
    return wrap(t);
    MN_CATCH(nullptr)
}
MN_API mn_tensor mn_empty(const int64_t* shape, int n, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::empty(dims(shape, n), options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_zeros(const int64_t* shape, int n, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::zeros(dims(shape, n), options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_ones(const int64_t* shape, int n, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::ones(dims(shape, n), options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_full(const int64_t* shape, int n, double v, int is_int, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::full(dims(shape, n), scalar(v, is_int), options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_arange(double start, double end, double step, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::arange(start, end, step, options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_linspace(double start, double end, int64_t steps, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::linspace(start, end, steps, options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_eye(int64_t n, int64_t m, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::eye(n, m, options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_rand(const int64_t* shape, int n, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::rand(dims(shape, n), options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_randn(const int64_t* shape, int n, int dt, int dev, int di, int rg) {
    MN_RET(requiring_grad(at::randn(dims(shape, n), options(dt, dev, di, rg)), rg))
}
MN_API mn_tensor mn_randint(int64_t low, int64_t high, const int64_t* shape, int n, int dt, int dev, int di) {
    MN_RET(at::randint(low, high, dims(shape, n), options(dt, dev, di, 0)))
}
MN_API mn_tensor mn_randperm(int64_t n, int dt, int dev, int di) { MN_RET(at::randperm(n, options(dt, dev, di, 0))) }

// ---- conversion and data transfer ----
MN_API mn_tensor mn_to(mn_tensor t, int dt, int dev, int di, int copy) {
    MN_RET(T(t).to(options(dt, dev, di, 0).device(), static_cast<at::ScalarType>(dt), false, copy != 0))
}
// Copies the elements (row-major, as dtype dt) into dst, which holds nbytes bytes.
MN_API int mn_copy_out(mn_tensor t, void* dst, int64_t nbytes) {
    MN_TRY
    auto c = materialize(T(t)).detach().to(at::kCPU).contiguous();
    int64_t need = c.numel() * static_cast<int64_t>(c.element_size());
    if (need != nbytes) throw std::invalid_argument("copy_out: destination holds " + std::to_string(nbytes) +
                                                    " bytes but the tensor has " + std::to_string(need));
    if (need > 0) std::memcpy(dst, c.data_ptr(), static_cast<size_t>(need));
    return 0;
    MN_CATCH(-1)
}
MN_API int mn_item(mn_tensor t, double* out) {
    MN_TRY *out = T(t).item().toDouble(); return 0; MN_CATCH(-1)
}

// ---- global state ----
MN_API int mn_manual_seed(uint64_t seed) { MN_DO(at::manual_seed(seed)) }
MN_API int mn_set_num_threads(int n) { MN_DO(at::set_num_threads(n)) }
MN_API int mn_get_num_threads() { return at::get_num_threads(); }
MN_API int mn_set_num_interop_threads(int n) { MN_DO(at::set_num_interop_threads(n)) }
MN_API int mn_cuda_device_count() {
    try { return at::hasCUDA() ? static_cast<int>(at::detail::getCUDAHooks().getNumGPUs()) : 0; } catch (...) { return 0; }
}
MN_API int mn_set_grad_enabled(int enabled) {
    bool prev = c10::GradMode::is_enabled();
    c10::GradMode::set_enabled(enabled != 0);
    return prev ? 1 : 0;
}
MN_API int mn_is_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }
MN_API int mn_cuda_synchronize() {
    MN_TRY
    if (at::hasCUDA()) at::detail::getCUDAHooks().deviceSynchronize(at::detail::getCUDAHooks().current_device());
    return 0;
    MN_CATCH(-1)
}
// Replaces the data of t by src's, keeping t's identity (how Module.to moves parameters).
MN_API int mn_set_data(mn_tensor t, mn_tensor src) { MN_DO(t->set_data(T(src))) }
