using System.Runtime.InteropServices;
using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

/// <summary>
/// An n-dimensional array on a device, with autograd. Owns one native tensor: dispose it, or create it inside a
/// <see cref="DisposeScope"/> (<c>torch.NewDisposeScope()</c>), which frees it at the end of the scope.
/// The API mirrors PyTorch's names (<c>x.reshape(...)</c>, <c>x.sum(1)</c>, <c>x.backward()</c>).
/// </summary>
public partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;

    /// <summary>Takes ownership of a native handle (throws libtorch's error when it is NULL).</summary>
    internal Tensor(IntPtr handle)
    {
        _handle = new TensorHandle(TorchException.Check(handle));
        Scope = DisposeScope.Current;
        Scope?.Add(this);
    }

    /// <summary>The scope that will free this tensor, or null.</summary>
    internal DisposeScope? Scope { get; set; }

    /// <summary>The native handle; throws when the tensor was disposed.</summary>
    internal TensorHandle Handle => _handle.IsClosed
        ? throw new ObjectDisposedException(nameof(Tensor),
            "This tensor was disposed (by Dispose or by the end of its dispose scope) and can no longer be used. " +
            "Keep it alive with MoveToOuterDisposeScope() or DetachFromDisposeScope(), or clone it before the scope ends.")
        : _handle;

    /// <summary>True once the native tensor has been freed.</summary>
    public bool IsDisposed => _handle.IsClosed;

    // ---- properties ----

    /// <summary>The sizes of the dimensions.</summary>
    public unsafe long[] shape
    {
        get
        {
            var h = Handle;
            var s = new long[LibTorch.mn_dim(h)];
            fixed (long* p = s) LibTorch.mn_shape(h, p);
            return s;
        }
    }

    /// <summary>The size of one dimension (negative counts from the end).</summary>
    public long size(int dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for a tensor of shape {FormatShape(s)}.");
        return s[d];
    }

    /// <summary>The number of dimensions.</summary>
    public int dim() => LibTorch.mn_dim(Handle);

    /// <summary>The number of dimensions.</summary>
    public int ndim => dim();

    /// <summary>The number of elements.</summary>
    public long numel() => LibTorch.mn_numel(Handle);

    /// <summary>The element type.</summary>
    public ScalarType dtype => (ScalarType)LibTorch.mn_dtype(Handle);

    /// <summary>The device the tensor lives on.</summary>
    public Device device
    {
        get
        {
            var h = Handle;
            return new Device((DeviceType)LibTorch.mn_device_type(h), LibTorch.mn_device_index(h));
        }
    }

    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool requires_grad
    {
        get => LibTorch.mn_requires_grad(Handle) != 0;
        set => TorchException.Check(LibTorch.mn_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor.</summary>
    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    /// <summary>True for a tensor made by the user rather than by a recorded operation.</summary>
    public bool is_leaf => LibTorch.mn_is_leaf(Handle) != 0;

    /// <summary>The accumulated gradient, or null when there is none. Each read returns a new handle to it.</summary>
    public Tensor? grad
    {
        get
        {
            TorchException.Check(LibTorch.mn_grad(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set => TorchException.Check(LibTorch.mn_set_grad(Handle, value?.Handle ?? TensorHandle.None));
    }

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public Tensor retain_grad()
    {
        TorchException.Check(LibTorch.mn_retain_grad(Handle));
        return this;
    }

    // ---- conversion ----

    /// <summary>Converts to another element type (a new tensor; the same data when the type already matches).</summary>
    public Tensor to(ScalarType type) => To(type, device, false);

    /// <summary>Moves to another device.</summary>
    public Tensor to(Device target) => To(dtype, target, false);

    /// <summary>Moves to a device given by name: "cpu", "cuda", "cuda:1".</summary>
    public Tensor to(string target) => to(Device.Parse(target));

    /// <summary>Converts element type and device together.</summary>
    public Tensor to(ScalarType type, Device target) => To(type, target, false);

    private Tensor To(ScalarType type, Device target, bool copy) =>
        new(LibTorch.mn_to(Handle, (int)type, (int)target.Type, target.Index, copy ? 1 : 0));

    public Tensor cpu() => to(new Device(DeviceType.CPU));
    public Tensor cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @bool() => to(ScalarType.Bool);

    /// <summary>A copy with its own storage, recorded by autograd.</summary>
    public Tensor clone() => new(LibTorch.mn_clone(Handle));

    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor detach() => new(LibTorch.mn_detach(Handle));

    /// <summary>The same values laid out contiguously in memory.</summary>
    public Tensor contiguous() => new(LibTorch.mn_contiguous(Handle));

    /// <summary>True when both tensors view the same storage at the same place.</summary>
    public bool is_same(Tensor other) => LibTorch.mn_same_storage(Handle, other.Handle) != 0;

    // ---- data out ----

    /// <summary>Copies the elements (row-major) into a new .NET array of T, converting the dtype if needed.</summary>
    public unsafe T[] data<T>() where T : unmanaged
    {
        var want = ScalarTypes.Of<T>();
        if (want != dtype)
        {
            using var converted = to(want);
            return converted.data<T>();
        }
        var result = new T[numel()];
        fixed (T* p = result)
            TorchException.Check(LibTorch.mn_copy_out(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>Copies the elements into a span (its length must equal numel()).</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        if (ScalarTypes.Of<T>() != dtype)
            throw new ArgumentException($"CopyTo<{typeof(T).Name}> needs a {ScalarTypes.Of<T>().Name()} tensor, this one is {dtype.Name()}; convert with to() first.");
        fixed (T* p = destination)
            TorchException.Check(LibTorch.mn_copy_out(Handle, p, (long)destination.Length * sizeof(T)));
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double item()
    {
        TorchException.Check(LibTorch.mn_item(Handle, out var v));
        return v;
    }

    /// <summary>The value of a one-element tensor as T.</summary>
    public T item<T>() where T : unmanaged
    {
        if (numel() != 1)
            throw new InvalidOperationException($"item() needs a tensor with one element; this one has shape {FormatShape(shape)}.");
        return data<T>()[0];
    }

    // ---- ownership ----

    /// <summary>Frees the native tensor now. Safe to call twice.</summary>
    public void Dispose()
    {
        Scope?.Remove(this);
        Scope = null;
        DisposeHandle();
        GC.SuppressFinalize(this);
    }

    internal void DisposeHandle() => _handle.Dispose();

    /// <summary>Moves this tensor from its dispose scope to the enclosing one, so it outlives the current scope.</summary>
    public Tensor MoveToOuterDisposeScope() => Scope is null ? this : Scope.MoveToOuter(this);

    /// <summary>Takes this tensor out of every dispose scope: the caller (or the GC) frees it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Remove(this);
        Scope = null;
        return this;
    }

    // ---- text ----

    /// <summary>A shape as text: [2, 3].</summary>
    public static string FormatShape(long[] s) => "[" + string.Join(", ", s) + "]";

    /// <summary>PyTorch-like text: the values (elided past 6 per dimension), the shape and the dtype.</summary>
    public override string ToString() => IsDisposed ? "tensor(<disposed>)" : TensorFormatter.Format(this);
}

public partial class Tensor
{
    /// <summary>Another handle to the same tensor (same data, same autograd node).</summary>
    public Tensor alias() => new(LibTorch.mn_alias(Handle));

    internal void set_data_internal(Tensor data) => TorchException.Check(LibTorch.mn_set_data(Handle, data.Handle));
}
