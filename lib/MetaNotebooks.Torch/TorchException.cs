using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

/// <summary>An error raised by libtorch (shape mismatch, wrong dtype, out-of-range index, ...), carrying its message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }

    /// <summary>Throws the native error of this thread when a native call returned NULL.</summary>
    internal static IntPtr Check(IntPtr result) => result != IntPtr.Zero ? result : throw Last();

    /// <summary>Throws the native error of this thread when a native call returned a non-zero status.</summary>
    internal static void Check(int status)
    {
        if (status != 0) throw Last();
    }

    internal static TorchException Last() => new(Clean(LibTorch.LastError()));

    // libtorch messages end with a C++ source location ("Exception raised from ... at file.cpp:123"); keep the
    // message, drop the location, which means nothing to a .NET user.
    private static string Clean(string message)
    {
        var at = message.IndexOf("\nException raised from", StringComparison.Ordinal);
        return (at >= 0 ? message[..at] : message).Trim();
    }
}
