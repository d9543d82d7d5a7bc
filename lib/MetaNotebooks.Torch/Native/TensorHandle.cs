using System.Runtime.InteropServices;

namespace MetaNotebooks.Torch.Native;

/// <summary>Owns one native at::Tensor handle; releasing it frees the native tensor.</summary>
internal sealed class TensorHandle : SafeHandle
{
    /// <summary>An invalid handle, passed for an optional tensor argument that is absent.</summary>
    internal static readonly TensorHandle None = new();

    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibTorch.mn_free(handle);
        return true;
    }
}
