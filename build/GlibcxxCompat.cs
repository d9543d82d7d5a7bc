// Makes TorchSharp's libLibTorchSharp.so loadable on systems whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04).
// TorchSharp 0.107.0's native library was linked with GCC 13, which records a need for GLIBCXX_3.4.32 only because of
// `_ZSt21ios_base_library_initv`, a marker symbol GCC 13 emits for <iostream> that is referenced and never called.
// The fix rewrites that one version-needs entry to a version the system has (name and ELF hash) and clears the
// version of that one symbol: the same edit as `patchelf --clear-symbol-version` plus the version-needs rewrite that
// patchelf lacks. Anything else missing is refused with a message, never patched.
//
// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the PatchLibTorchSharp task (build/TorchSharp.targets), and by
// the tests with GLIBCXX_COMPAT_NO_TASK defined (no MSBuild types).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MetaNotebooks.Build
{
    /// <summary>What the patch would do to one ELF file, or did.</summary>
    public sealed class GlibcxxPlan
    {
        /// <summary>Versions of libstdc++ the file needs that the system's libstdc++ does not define.</summary>
        public List<string> Missing { get; } = new List<string>();
        /// <summary>Symbols whose version need is cleared.</summary>
        public List<string> ClearedSymbols { get; } = new List<string>();
        /// <summary>"GLIBCXX_3.4.32 -> GLIBCXX_3.4.30" for each rewritten version-needs entry.</summary>
        public List<string> Rewritten { get; } = new List<string>();
        /// <summary>True when the file needs nothing the system lacks: nothing to do.</summary>
        public bool NotNeeded => Missing.Count == 0;
    }

    /// <summary>The ELF edit, on bytes in memory (64-bit little-endian ELF only).</summary>
    public static class GlibcxxCompat
    {
        /// <summary>The only symbols whose version may be cleared: referenced by GCC 13's headers, never called.</summary>
        public static readonly string[] MarkerSymbols = { "_ZSt21ios_base_library_initv" };

        private const uint ShtDynsym = 11, ShtVerdef = 0x6ffffffd, ShtVerneed = 0x6ffffffe, ShtVersym = 0x6fffffff;
        private const string LibStdCxx = "libstdc++.so.6";

        /// <summary>The version names a shared library defines (its .gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
        public static HashSet<string> DefinedVersions(byte[] elf)
        {
            var file = new Elf(elf);
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in file.Sections.Where(s => s.Type == ShtVerdef))
            {
                var strtab = file.Sections[(int)s.Link];
                long at = s.Offset;
                while (true)
                {
                    var cnt = file.U16(at + 6);
                    var aux = file.U32(at + 12);
                    var next = file.U32(at + 16);
                    if (cnt > 0) result.Add(file.Str(strtab, file.U32(at + aux)));
                    if (next == 0) break;
                    at += next;
                }
            }
            return result;
        }

        /// <summary>
        /// Patches <paramref name="elf"/> in place so that it needs no libstdc++ version outside
        /// <paramref name="systemVersions"/>; returns what it did (nothing when nothing is missing). Throws
        /// <see cref="InvalidOperationException"/> when a missing version is used by a symbol that is really called.
        /// </summary>
        public static GlibcxxPlan Patch(byte[] elf, ISet<string> systemVersions)
        {
            var file = new Elf(elf);
            var plan = new GlibcxxPlan();
            var verneed = file.Sections.FirstOrDefault(s => s.Type == ShtVerneed);
            if (verneed == null) return plan;
            var strtab = file.Sections[(int)verneed.Link];
            var entries = new List<(long At, string Name, ushort Index, uint Hash, uint NameOffset)>();
            long need = verneed.Offset;
            while (true)
            {
                var cnt = file.U16(need + 2);
                var fileName = file.Str(strtab, file.U32(need + 4));
                long aux = need + file.U32(need + 8);
                for (var i = 0; i < cnt; i++)
                {
                    if (fileName == LibStdCxx)
                        entries.Add((aux, file.Str(strtab, file.U32(aux + 8)), file.U16(aux + 6), file.U32(aux), file.U32(aux + 8)));
                    var nextAux = file.U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = file.U32(need + 12);
                if (next == 0) break;
                need += next;
            }
            var missing = entries.Where(e => !systemVersions.Contains(e.Name)).ToList();
            if (missing.Count == 0) return plan;
            plan.Missing.AddRange(missing.Select(e => e.Name));

            var replacement = entries.Where(e => systemVersions.Contains(e.Name) && e.Name.StartsWith("GLIBCXX_", StringComparison.Ordinal))
                .OrderByDescending(e => VersionKey(e.Name)).FirstOrDefault();
            if (replacement.Name == null)
                throw new InvalidOperationException($"Cannot patch: the library needs {string.Join(", ", plan.Missing)} and no other GLIBCXX version the system has.");

            var dynsym = file.Sections.First(s => s.Type == ShtDynsym);
            var versym = file.Sections.First(s => s.Type == ShtVersym);
            var symStrtab = file.Sections[(int)dynsym.Link];
            var symbols = (int)(dynsym.Size / 24);
            foreach (var entry in missing)
            {
                var users = new List<(int Index, string Name)>();
                for (var i = 0; i < symbols; i++)
                {
                    if ((file.U16(versym.Offset + 2L * i) & 0x7fff) != entry.Index) continue;
                    users.Add((i, file.Str(symStrtab, file.U32(dynsym.Offset + 24L * i))));
                }
                var called = users.Where(u => !MarkerSymbols.Contains(u.Name)).Select(u => u.Name).ToList();
                if (called.Count > 0)
                    throw new InvalidOperationException(
                        $"Cannot patch: the library needs {entry.Name} from {LibStdCxx} for {string.Join(", ", called.Take(5))}, " +
                        "which this system's libstdc++ does not have. Install a newer libstdc++ (GCC 13 or later).");
                foreach (var u in users)
                {
                    file.W16(versym.Offset + 2L * u.Index, 1); // VER_NDX_GLOBAL: unversioned
                    plan.ClearedSymbols.Add(u.Name);
                }
                file.W32(entry.At, replacement.Hash);
                file.W32(entry.At + 8, replacement.NameOffset);
                plan.Rewritten.Add($"{entry.Name} -> {replacement.Name}");
            }
            return plan;
        }

        /// <summary>The ELF hash of a version name (what vna_hash holds).</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (var b in Encoding.ASCII.GetBytes(name))
            {
                h = (h << 4) + b;
                var g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        private static long VersionKey(string name)
        {
            var parts = name.Substring(name.IndexOf('_') + 1).Split('.');
            long key = 0;
            for (var i = 0; i < 4; i++) key = key * 1000 + (i < parts.Length && int.TryParse(parts[i], out var p) ? p : 0);
            return key;
        }

        private sealed class Section
        {
            public uint Type;
            public long Offset, Size;
            public uint Link;
        }

        private sealed class Elf
        {
            private readonly byte[] _b;
            public readonly List<Section> Sections = new List<Section>();

            public Elf(byte[] bytes)
            {
                _b = bytes;
                if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                    throw new InvalidOperationException("Not an ELF file.");
                if (bytes[4] != 2 || bytes[5] != 1) throw new InvalidOperationException("Only 64-bit little-endian ELF files are supported.");
                var shoff = (long)U64(0x28);
                var shentsize = U16(0x3a);
                var shnum = U16(0x3c);
                for (var i = 0; i < shnum; i++)
                {
                    var at = shoff + (long)i * shentsize;
                    Sections.Add(new Section { Type = U32(at + 4), Offset = (long)U64(at + 24), Size = (long)U64(at + 32), Link = U32(at + 40) });
                }
            }

            public ushort U16(long at) => BitConverter.ToUInt16(_b, checked((int)at));
            public uint U32(long at) => BitConverter.ToUInt32(_b, checked((int)at));
            public ulong U64(long at) => BitConverter.ToUInt64(_b, checked((int)at));
            public void W16(long at, ushort v) => BitConverter.GetBytes(v).CopyTo(_b, checked((int)at));
            public void W32(long at, uint v) => BitConverter.GetBytes(v).CopyTo(_b, checked((int)at));

            public string Str(Section strtab, uint offset)
            {
                var start = checked((int)(strtab.Offset + offset));
                var end = start;
                while (_b[end] != 0) end++;
                return Encoding.ASCII.GetString(_b, start, end - start);
            }
        }
    }

    /// <summary>Finds the libstdc++ the dynamic loader will use.</summary>
    public static class SystemLibStdCxx
    {
        private static readonly string[] Candidates =
        {
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };

        /// <summary>The path of the system's libstdc++.so.6, or null when none is found.</summary>
        public static string? Find() => Candidates.FirstOrDefault(File.Exists);
    }

#if !GLIBCXX_COMPAT_NO_TASK
    /// <summary>
    /// MSBuild task: writes a corrected copy of <see cref="Source"/> to <see cref="Destination"/> when the system's
    /// libstdc++ lacks a version it needs; sets <see cref="Patched"/> to whether it did. Never touches the source.
    /// </summary>
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        /// <summary>TorchSharp's libLibTorchSharp.so as restored (in the NuGet packages folder: read only).</summary>
        [Microsoft.Build.Framework.Required] public string Source { get; set; } = "";
        /// <summary>Where the corrected copy goes (the project's intermediate output).</summary>
        [Microsoft.Build.Framework.Required] public string Destination { get; set; } = "";
        /// <summary>True when <see cref="Destination"/> holds a corrected copy to use instead of the source.</summary>
        [Microsoft.Build.Framework.Output] public bool Patched { get; set; }

        public override bool Execute()
        {
            var libstdcxx = SystemLibStdCxx.Find();
            if (libstdcxx == null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No system libstdc++.so.6 found; TorchSharp's native library is used as shipped.");
                return true;
            }
            var bytes = File.ReadAllBytes(Source);
            GlibcxxPlan plan;
            try { plan = GlibcxxCompat.Patch(bytes, GlibcxxCompat.DefinedVersions(File.ReadAllBytes(libstdcxx))); }
            catch (InvalidOperationException e)
            {
                Log.LogError($"TorchSharp's {Path.GetFileName(Source)} cannot load with {libstdcxx}: {e.Message}");
                return false;
            }
            if (plan.NotNeeded) return true;
            Patched = true;
            if (File.Exists(Destination) && File.GetLastWriteTimeUtc(Destination) >= File.GetLastWriteTimeUtc(Source)
                && File.ReadAllBytes(Destination).SequenceEqual(bytes)) return true;
            Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
            var temp = Destination + ".tmp";
            File.WriteAllBytes(temp, bytes);
            if (File.Exists(Destination)) File.Delete(Destination);
            File.Move(temp, Destination);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                $"TorchSharp: {libstdcxx} lacks {string.Join(", ", plan.Missing)}; wrote a load-compatible copy of {Path.GetFileName(Source)} to {Destination} ({string.Join("; ", plan.Rewritten)}; cleared {string.Join(", ", plan.ClearedSymbols)}).");
            return true;
        }
    }
#endif
}
