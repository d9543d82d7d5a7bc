using System.Runtime.InteropServices;

namespace MetaNotebooks.Tests;

/// <summary>
/// libtorch's "lazy" device, backed by its TorchScript backend: a second device on a machine without a GPU. Tensors on
/// it compute real values (on the CPU, when read), but an operation that mixes them with CPU tensors fails ("Input
/// tensor is not a lazy tensor: CPUFloatType"), as one that mixes CUDA and CPU tensors does. So a learner, sampler,
/// trainer or evaluation run on it fails wherever a tensor is made on the CPU instead of on the device it was given.
/// (The meta device cannot serve: libtorch has no meta kernels for convolution or batch norm.) TorchSharp's enum has no
/// name for it: it is device type 17, and its backend is started by one call into libtorch_cpu.
/// </summary>
public static class LazyDevice
{
    private const int LazyType = 17;
    private static readonly Lazy<Device> Started = new(() =>
    {
        _ = torch.zeros(1); // TorchSharp loads libtorch first
        InitTorchScriptBackend();
        return new Device((DeviceType)LazyType, 0);
    });

    /// <summary>The lazy device, its backend started on first use.</summary>
    public static Device Device => Started.Value;

    /// <summary>Whether <paramref name="t"/> lives on the lazy device.</summary>
    public static bool On(Tensor t) => (int)t.device.type == LazyType;

    [DllImport("libtorch_cpu", EntryPoint = "_ZN5torch4lazy22InitTorchScriptBackendEv")]
    private static extern void InitTorchScriptBackend();
}
