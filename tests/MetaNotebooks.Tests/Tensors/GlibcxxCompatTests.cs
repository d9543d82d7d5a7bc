using MetaNotebooks.Build;

namespace MetaNotebooks.Tests;

/// <summary>
/// build/GlibcxxCompat.cs, the build step that makes TorchSharp's libLibTorchSharp.so load on a libstdc++ older than
/// GCC 13: the copy in the test output is the one loaded (and it runs), it differs from the NuGet original only in the
/// version-needs entry and the marker symbol's version, the patch does nothing to a library that does not need it,
/// and it refuses a library whose missing version is used by a symbol that is really called.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class GlibcxxCompatTests
{
    private const string Library = "libLibTorchSharp.so";
    private const string Marker = "_ZSt21ios_base_library_initv";

    private static string OutputLibrary(string name) =>
        new[] { Path.Combine(AppContext.BaseDirectory, name), Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", name) }
            .FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"{name} is not in the test output {AppContext.BaseDirectory}");

    /// <summary>TorchSharp's file as restored into the NuGet packages folder (read only).</summary>
    private static string NuGetOriginal()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(torch).Assembly.GetName().Version!;
        var path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", Library);
        Assert.True(File.Exists(path), $"TorchSharp's original {Library} should be in the NuGet packages folder: {path}");
        return path;
    }

    private static HashSet<string> SystemVersions()
    {
        var libstdcxx = SystemLibStdCxx.Find();
        Assert.NotNull(libstdcxx);
        return GlibcxxCompat.DefinedVersions(File.ReadAllBytes(libstdcxx));
    }

    [Fact]
    public void The_output_copy_is_the_one_loaded_and_it_runs_tensor_ops()
    {
        using var scope = NewDisposeScope();
        var x = arange(6, float32).reshape(2, 3);
        Assert.Equal(55.0, x.mm(x.t()).trace().ToDouble());
        var maps = File.ReadAllLines("/proc/self/maps").Where(l => l.EndsWith("/" + Library, StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('/')..]).Distinct().ToList();
        Assert.Equal([Path.GetFullPath(OutputLibrary(Library))], maps);
    }

    [Fact]
    public void The_output_copy_differs_from_the_original_only_where_the_plan_says()
    {
        var system = SystemVersions();
        var original = File.ReadAllBytes(NuGetOriginal());
        var output = File.ReadAllBytes(OutputLibrary(Library));
        var expected = (byte[])original.Clone();
        var plan = GlibcxxCompat.Patch(expected, system);
        Assert.Equal(expected, output);
        if (system.Contains("GLIBCXX_3.4.32"))
        {
            // A GCC 13+ system (Ubuntu 24.04, Debian 13): the build copies the package's file as it is.
            Assert.True(plan.NotNeeded);
            Assert.Equal(original, output);
            return;
        }
        // Debian 12 (GCC 12's libstdc++ ends at 3.4.30): one version need rewritten, one marker symbol unversioned.
        Assert.Equal(["GLIBCXX_3.4.32"], plan.Missing);
        Assert.Equal([Marker], plan.ClearedSymbols);
        Assert.Equal(["GLIBCXX_3.4.32 -> " + plan.Rewritten[0].Split(" -> ")[1]], plan.Rewritten);
        Assert.Contains(plan.Rewritten[0].Split(" -> ")[1], system);

        var sections = ElfSections.Read(original);
        var verneed = sections.Single(s => s.Type == 0x6ffffffe);
        var versym = sections.Single(s => s.Type == 0x6fffffff);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != output[i]).ToList();
        Assert.Equal(original.Length, output.Length);
        Assert.InRange(differing.Count, 2, 10); // at most vna_hash + vna_name (8 bytes) and one 2-byte versym entry
        Assert.All(differing, i => Assert.True(verneed.Contains(i) || versym.Contains(i),
            $"byte {i} changed outside .gnu.version_r [{verneed.Offset}, {verneed.Offset + verneed.Size}) and .gnu.version [{versym.Offset}, {versym.Offset + versym.Size})"));
        Assert.Contains(differing, verneed.Contains);
        Assert.Contains(differing, versym.Contains);
        // The rewritten entry now carries the ELF hash of the version it names; patching the result again is a no-op.
        var replacement = plan.Rewritten[0].Split(" -> ")[1];
        Assert.Equal(1, CountHash(original, verneed, GlibcxxCompat.ElfHash("GLIBCXX_3.4.32")));
        Assert.Equal(0, CountHash(output, verneed, GlibcxxCompat.ElfHash("GLIBCXX_3.4.32")));
        Assert.Equal(CountHash(original, verneed, GlibcxxCompat.ElfHash(replacement)) + 1, CountHash(output, verneed, GlibcxxCompat.ElfHash(replacement)));
        var again = (byte[])output.Clone();
        Assert.True(GlibcxxCompat.Patch(again, system).NotNeeded);
        Assert.Equal(output, again);
    }

    [Fact]
    public void The_patch_is_a_no_op_on_libraries_that_do_not_need_it()
    {
        var system = SystemVersions();
        // The original on a system whose libstdc++ has GLIBCXX_3.4.32 (GCC 13 or later).
        var original = File.ReadAllBytes(NuGetOriginal());
        var bytes = (byte[])original.Clone();
        var plan = GlibcxxCompat.Patch(bytes, new HashSet<string>(system) { "GLIBCXX_3.4.31", "GLIBCXX_3.4.32" });
        Assert.True(plan.NotNeeded);
        Assert.Empty(plan.Rewritten);
        Assert.Empty(plan.ClearedSymbols);
        Assert.Equal(original, bytes);
        // libtorch's own libraries need nothing newer than this system's libstdc++.
        foreach (var name in new[] { "libc10.so", "libtorch.so", "libshm.so" })
        {
            var library = File.ReadAllBytes(OutputLibrary(name));
            var copy = (byte[])library.Clone();
            Assert.True(GlibcxxCompat.Patch(copy, system).NotNeeded, name);
            Assert.Equal(library, copy);
        }
    }

    [Fact]
    public void The_patch_refuses_a_missing_version_that_a_called_symbol_uses()
    {
        var original = File.ReadAllBytes(NuGetOriginal());
        // A libstdc++ that stops at 3.4.29: GLIBCXX_3.4.30 is then missing too, and real functions use it.
        var old = SystemVersions().Where(v => v is not ("GLIBCXX_3.4.30" or "GLIBCXX_3.4.31" or "GLIBCXX_3.4.32")).ToHashSet();
        var e = Assert.Throws<InvalidOperationException>(() => GlibcxxCompat.Patch((byte[])original.Clone(), old));
        Assert.Contains("Cannot patch", e.Message);
        Assert.Contains("GLIBCXX_3.4.30", e.Message);
        Assert.Contains("GCC 13", e.Message);
        Assert.DoesNotContain(Marker, e.Message);
        // No GLIBCXX version at all to point the marker's need at.
        var none = Assert.Throws<InvalidOperationException>(() => GlibcxxCompat.Patch((byte[])original.Clone(), new HashSet<string>()));
        Assert.Contains("no other GLIBCXX version", none.Message);
        // Not an ELF file.
        Assert.Contains("Not an ELF file", Assert.Throws<InvalidOperationException>(() => GlibcxxCompat.Patch(new byte[100], old)).Message);
    }

    private static int CountHash(byte[] elf, ElfSections.Section verneed, uint hash)
    {
        var n = 0;
        for (var i = (int)verneed.Offset; i + 4 <= verneed.Offset + verneed.Size; i += 4)
            if (BitConverter.ToUInt32(elf, i) == hash) n++;
        return n;
    }

    /// <summary>The section headers of a 64-bit little-endian ELF file, read independently of the code under test.</summary>
    private static class ElfSections
    {
        public sealed record Section(uint Type, long Offset, long Size)
        {
            public bool Contains(int at) => at >= Offset && at < Offset + Size;
        }

        public static List<Section> Read(byte[] elf)
        {
            var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
            int size = BitConverter.ToUInt16(elf, 0x3a), count = BitConverter.ToUInt16(elf, 0x3c);
            return Enumerable.Range(0, count).Select(i => (int)(shoff + (long)i * size))
                .Select(at => new Section(BitConverter.ToUInt32(elf, at + 4), (long)BitConverter.ToUInt64(elf, at + 24), (long)BitConverter.ToUInt64(elf, at + 32)))
                .ToList();
        }
    }
}
