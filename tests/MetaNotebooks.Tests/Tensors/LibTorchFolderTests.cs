using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// The rules of <see cref="LibTorchFolder"/> on folders made here (nothing is loaded): METANB_LIBTORCH must name a folder
/// holding libc10.so, libtorch_cpu.so and libtorch.so; TorchSharp's folder must then hold no libtorch of its own, and
/// without the variable it must hold one; CUDA needs libtorch_cuda.so. (The loading itself: MetanbLibTorchTests, in a child process.)
/// </summary>
public sealed class LibTorchFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"metanb-libtorch-rules-{Guid.NewGuid():N}");

    public LibTorchFolderTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name, params string[] files)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        foreach (var file in files) File.WriteAllText(Path.Combine(folder, file), "");
        return folder;
    }

    [Fact]
    public void Unset_uses_the_libtorch_beside_torchsharp()
    {
        var own = Folder("own", "libLibTorchSharp.so", "libtorch_cpu.so");
        Assert.Null(LibTorchFolder.Check(null, own, "cpu"));
        Assert.Null(LibTorchFolder.Check("  ", own, "cpu"));
    }

    [Fact]
    public void Unset_without_a_libtorch_beside_torchsharp_says_to_set_it()
    {
        var bare = Folder("bare", "libLibTorchSharp.so");
        var e = Assert.Throws<ArgumentException>(() => LibTorchFolder.Check(null, bare, "external"));
        Assert.StartsWith("This build carries no libtorch beside TorchSharp.dll", e.Message);
        Assert.Contains("set METANB_LIBTORCH to the folder that holds libtorch.so", e.Message);
    }

    [Fact]
    public void A_complete_folder_is_used_by_its_full_path()
    {
        var torch = Folder("torch", "libc10.so", "libtorch_cpu.so", "libtorch.so");
        var bare = Folder("bare", "libLibTorchSharp.so");
        Assert.Equal(torch, LibTorchFolder.Check(torch + "/", bare, "cpu"));
        Assert.Equal(torch, LibTorchFolder.Check(Path.Combine(_root, "bare", "..", "torch"), bare, "cpu"));
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => LibTorchFolder.Check(Path.Combine(_root, "none"), Folder("bare", "libLibTorchSharp.so"), "cpu"));
        Assert.StartsWith($"METANB_LIBTORCH={Path.Combine(_root, "none")} is not a folder:", e.Message);
        Assert.Contains("torch/lib", e.Message);
    }

    [Fact]
    public void A_folder_without_libtorch_names_what_it_lacks()
    {
        var partial = Folder("partial", "libc10.so", "libtorch_cpu.so");
        var e = Assert.Throws<ArgumentException>(() => LibTorchFolder.Check(partial, Folder("bare", "libLibTorchSharp.so"), "cpu"));
        Assert.StartsWith($"METANB_LIBTORCH={partial} holds no libtorch.so:", e.Message);
    }

    [Fact]
    public void A_second_libtorch_beside_torchsharp_is_refused()
    {
        var torch = Folder("torch", "libc10.so", "libtorch_cpu.so", "libtorch.so");
        foreach (var own in new[] { "libtorch_cpu.so", "libtorch_cuda.so" })
        {
            var e = Assert.Throws<InvalidOperationException>(() => LibTorchFolder.Check(torch, Folder("own-" + own, "libLibTorchSharp.so", own), "cpu"));
            Assert.Contains($"this build carries its own libtorch beside TorchSharp.dll ({Path.Combine(_root, "own-" + own, own)})", e.Message);
            Assert.Contains("TorchBackend=external", e.Message);
        }
    }

    [Fact]
    public void Cuda_needs_libtorch_cuda()
    {
        var cpu = Folder("cpu", "libc10.so", "libtorch_cpu.so", "libtorch.so");
        var e = Assert.Throws<ArgumentException>(() => LibTorchFolder.CheckCuda("cuda:1", cpu));
        Assert.StartsWith($"Device cuda:1 asks for CUDA, but METANB_LIBTORCH={cpu} holds no libtorch_cuda.so: that PyTorch is a CPU-only build.", e.Message);
        LibTorchFolder.CheckCuda("cuda", Folder("gpu", "libc10.so", "libtorch_cpu.so", "libtorch.so", "libtorch_cuda.so"));
    }

    [Fact]
    public void This_test_run_uses_the_restored_package()
    {
        // The test build carries the CPU libtorch, so METANB_LIBTORCH is unset here, and CPU devices ask for nothing.
        Assert.Equal("cpu", LibTorchFolder.BuildBackend);
        Assert.Null(LibTorchFolder.InUse);
        LibTorchFolder.RequireCudaIfAsked("cpu");
        Assert.Contains(LibTorchFolder.Mapped(), p => Path.GetFileName(p) == "libtorch_cpu.so");
    }
}
