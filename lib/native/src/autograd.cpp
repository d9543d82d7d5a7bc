// Autograd: backward, torch.autograd.grad (higher order), anomaly detection.
#include "metanb.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/anomaly_mode.h>

using namespace mn;

static c10::optional<bool> tri(int v) { return v < 0 ? c10::optional<bool>() : c10::optional<bool>(v != 0); }

// retain_graph: -1 means PyTorch's default (= create_graph).
MN_API int mn_backward(mn_tensor t, mn_tensor grad, int retain_graph, int create_graph) {
    MN_TRY
    std::vector<at::Tensor> g;
    if (grad != nullptr) g.push_back(*grad);
    torch::autograd::backward({T(t)}, g, tri(retain_graph), create_graph != 0);
    return 0;
    MN_CATCH(-1)
}

// grad_outputs may be NULL, or hold NULL entries (meaning ones for a scalar output).
// results[i] is NULL for an input the outputs do not depend on (only when allow_unused).
MN_API int mn_autograd_grad(const mn_tensor* outputs, int n_out, const mn_tensor* grad_outputs, const mn_tensor* inputs,
                            int n_in, int retain_graph, int create_graph, int allow_unused, mn_tensor* results) {
    MN_TRY
    std::vector<at::Tensor> go;
    if (grad_outputs != nullptr) {
        for (int i = 0; i < n_out; ++i) go.push_back(undef_or(grad_outputs[i]));
    }
    auto r = torch::autograd::grad(tensors(outputs, n_out), tensors(inputs, n_in), go, tri(retain_graph),
                                   create_graph != 0, allow_unused != 0);
    for (int i = 0; i < n_in; ++i) results[i] = r[i].defined() ? wrap(materialize(r[i])) : nullptr;
    return 0;
    MN_CATCH(-1)
}

MN_API void mn_set_anomaly_enabled(int enabled) { torch::autograd::AnomalyMode::set_enabled(enabled != 0); }
MN_API int mn_is_anomaly_enabled() { return torch::autograd::AnomalyMode::is_enabled() ? 1 : 0; }
