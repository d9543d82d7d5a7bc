using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Tensors;

/// <summary>
/// Reads and writes a named set of tensors as one file. Format (little-endian):
/// <code>
/// "MNTENSOR" (8 bytes) | version u32 = 1 | count u32
/// count x { name: u32 byte length + UTF-8 | dtype i32 (ScalarType) | ndim u32 | shape i64 x ndim | data: numel x element size }
/// SHA-256 of everything above (32 bytes)
/// </code>
/// Writes go to a temporary file in the same folder, flushed to disk, then renamed over the target, so a crash never
/// leaves a half-written file. Reads check the magic, the version, every length and the checksum before trusting any
/// byte, and name the file and the problem when it is truncated or corrupted.
/// </summary>
public static class TensorFile
{
    private static readonly byte[] Magic = "MNTENSOR"u8.ToArray();
    private const uint Version = 1;
    private const int HashSize = 32;

    /// <summary>Writes the tensors (CPU copies are made as needed) to path, atomically.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                void Write(ReadOnlySpan<byte> bytes)
                {
                    file.Write(bytes);
                    hash.AppendData(bytes);
                }

                Span<byte> u32 = stackalloc byte[4];
                Span<byte> i64 = stackalloc byte[8];
                Write(Magic);
                BinaryPrimitives.WriteUInt32LittleEndian(u32, Version); Write(u32);
                BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)tensors.Count); Write(u32);
                foreach (var (name, t) in tensors)
                {
                    var nameBytes = Encoding.UTF8.GetBytes(name);
                    BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)nameBytes.Length); Write(u32);
                    Write(nameBytes);
                    BinaryPrimitives.WriteInt32LittleEndian(u32, (int)t.dtype); Write(u32);
                    var shape = t.shape;
                    BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)shape.Length); Write(u32);
                    foreach (var s in shape)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(i64, s);
                        Write(i64);
                    }
                    Write(Bytes(t));
                }
                file.Write(hash.GetHashAndReset());
                file.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Reads every tensor of a file written by <see cref="Save"/> (on the CPU).</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No tensor file at {Path.GetFullPath(path)}. Check the path, or create the file with torch.save.", path);
        var bytes = File.ReadAllBytes(path);
        string Corrupt(string what) =>
            $"{path} is not a valid MetaNotebooks tensor file: {what}. It may be truncated or corrupted; delete it and create it again " +
            "(a cache is rebuilt automatically; a checkpoint must be saved again).";
        if (bytes.Length >= Magic.Length && !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException(Corrupt("its header is not \"MNTENSOR\""));
        if (bytes.Length < Magic.Length + 8 + HashSize)
            throw new InvalidDataException(Corrupt($"it is too short ({bytes.Length} bytes) to hold a header and a checksum"));
        var body = bytes.AsSpan(0, bytes.Length - HashSize);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashSize)))
            throw new InvalidDataException(Corrupt("its SHA-256 checksum does not match its contents"));

        var pos = Magic.Length;
        uint U32(ReadOnlySpan<byte> b)
        {
            if (pos + 4 > b.Length) throw new InvalidDataException(Corrupt("it ends in the middle of an entry"));
            var v = BinaryPrimitives.ReadUInt32LittleEndian(b[pos..]);
            pos += 4;
            return v;
        }
        var version = U32(body);
        if (version != Version) throw new InvalidDataException(Corrupt($"it has format version {version}, this library reads version {Version}"));
        var count = U32(body);
        var result = new Dictionary<string, Tensor>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var nameLength = (int)U32(body);
                if (nameLength < 0 || pos + nameLength > body.Length) throw new InvalidDataException(Corrupt("an entry name runs past the end"));
                var name = Encoding.UTF8.GetString(body.Slice(pos, nameLength));
                pos += nameLength;
                var dtype = (ScalarType)(int)U32(body);
                if (!Enum.IsDefined(dtype)) throw new InvalidDataException(Corrupt($"entry \"{name}\" has unknown dtype {(int)dtype}"));
                var ndim = (int)U32(body);
                if (ndim is < 0 or > 64) throw new InvalidDataException(Corrupt($"entry \"{name}\" claims {ndim} dimensions"));
                var shape = new long[ndim];
                long numel = 1;
                for (var d = 0; d < ndim; d++)
                {
                    if (pos + 8 > body.Length) throw new InvalidDataException(Corrupt("it ends in the middle of a shape"));
                    shape[d] = BinaryPrimitives.ReadInt64LittleEndian(body[pos..]);
                    pos += 8;
                    if (shape[d] < 0) throw new InvalidDataException(Corrupt($"entry \"{name}\" has a negative size"));
                    numel *= shape[d];
                }
                var nbytes = numel * ElementSize(dtype);
                if (nbytes < 0 || pos + nbytes > body.Length) throw new InvalidDataException(Corrupt($"the data of entry \"{name}\" runs past the end"));
                result[name] = FromBytes(body.Slice(pos, (int)nbytes), shape, dtype).DetachFromDisposeScope();
                pos += (int)nbytes;
            }
            if (pos != body.Length) throw new InvalidDataException(Corrupt($"{body.Length - pos} bytes follow the last entry"));
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static byte[] Bytes(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.bytes.ToArray();
    }

    private static Tensor FromBytes(ReadOnlySpan<byte> data, long[] shape, ScalarType dtype)
    {
        var t = torch.empty(shape, dtype, device: torch.CPU); // filled from bytes: host memory, whatever the default device
        data.CopyTo(t.bytes);
        return t;
    }

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new NotSupportedException($"Tensors of dtype {dtype} cannot be saved in a MetaNotebooks tensor file."),
    };
}
