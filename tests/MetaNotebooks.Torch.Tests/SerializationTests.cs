using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>torch.save / torch.load (TensorFile): exact round trips, corruption detected with a useful message, atomic writes.</summary>
[Collection(NativeCollection.Name)]
public sealed class SerializationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mn-serialization-" + Guid.NewGuid().ToString("N"));

    public SerializationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["f32"] = tensor(new float[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon, float.NaN, float.NegativeInfinity }, new long[] { 2, 3 }),
        ["f64"] = tensor(new double[] { Math.PI, -1e300, double.Epsilon }),
        ["i64"] = tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }, new long[] { 2, 1, 2 }),
        ["bool"] = tensor(new[] { true, false, true }),
        ["u8"] = tensor(new byte[] { 0, 127, 255 }),
        ["scalar 0-d"] = tensor(42.5, float64),
        ["empty [0, 3]"] = zeros(0, 3),
        ["权重 · weight ✓"] = arange(4).reshape(2, 2),
    };

    private static void AssertSameTensors(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, e) in expected)
        {
            var a = actual[name];
            Assert.Equal(e.dtype, a.dtype);
            Assert.Equal(e.shape, a.shape);
            // Compare bytes, so NaN and -0 count as equal only when they are bit-identical.
            Assert.Equal(Bytes(e), Bytes(a));
        }
    }

    private static byte[] Bytes(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<float>().AsSpan()).ToArray(),
        ScalarType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<double>().AsSpan()).ToArray(),
        ScalarType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<long>().AsSpan()).ToArray(),
        ScalarType.Bool => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<bool>().AsSpan()).ToArray(),
        ScalarType.Byte => t.data<byte>(),
        var d => throw new NotSupportedException(d.ToString()),
    };

    [Fact]
    public void Round_trip_keeps_dtypes_shapes_values_and_unicode_names()
    {
        using var scope = NewDisposeScope();
        var saved = Sample();
        var path = PathOf("sample.mnt");
        save(saved, path);
        var loaded = load(path);
        try
        {
            AssertSameTensors(saved, loaded);
            Assert.Empty(loaded["scalar 0-d"].shape);
            Assert.Equal(42.5, loaded["scalar 0-d"].item());
            Assert.Equal(0, loaded["empty [0, 3]"].numel());
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }

    [Fact]
    public void Loaded_tensors_outlive_the_dispose_scope_they_were_loaded_in()
    {
        var path = PathOf("scoped.mnt");
        using (NewDisposeScope()) save(new Dictionary<string, Tensor> { ["x"] = arange(3) }, path);
        Dictionary<string, Tensor> loaded;
        using (NewDisposeScope()) loaded = load(path);
        using var x = loaded["x"];
        Assert.False(x.IsDisposed);
        Assert.Equal(new long[] { 0, 1, 2 }, x.data<long>());
    }

    [Fact]
    public void A_saved_tensor_on_the_gradient_tape_is_saved_by_value()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1, 2 }, requires_grad: true);
        var path = PathOf("grad.mnt");
        save(new Dictionary<string, Tensor> { ["w2"] = w * 2 }, path);
        var loaded = load(path);
        using var w2 = loaded["w2"];
        Assert.False(w2.requires_grad);
        Assert.Equal(new float[] { 2, 4 }, w2.data<float>());
    }

    public static TheoryData<double> CutPoints => new() { 0.0, 0.01, 0.05, 0.2, 0.5, 0.9, 0.99 };

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void A_truncated_file_is_rejected_with_the_path_and_what_to_do(double fraction)
    {
        var path = SaveSample("truncated.mnt");
        var bytes = File.ReadAllBytes(path);
        var keep = (int)(bytes.Length * fraction);
        Assert.True(keep < bytes.Length);
        File.WriteAllBytes(path, bytes[..keep]);
        var e = Assert.Throws<InvalidDataException>(() => load(path));
        AssertHelpful(e.Message, path);
        // Shorter than magic + version + count + checksum (48 bytes): "too short"; longer: the checksum no longer matches.
        Assert.Contains(keep < 48 ? $"too short ({keep} bytes)" : "SHA-256 checksum does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_the_header_says_it_is_too_short()
    {
        var path = SaveSample("header.mnt");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]); // the magic is intact, the rest is missing
        var e = Assert.Throws<InvalidDataException>(() => load(path));
        AssertHelpful(e.Message, path);
        Assert.Contains("too short (20 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_anywhere_fails_the_checksum_or_the_header_check()
    {
        var path = SaveSample("flipped.mnt");
        var original = File.ReadAllBytes(path);
        // Every byte position, one bit each: the header (magic), the body and the checksum itself.
        for (var i = 0; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<InvalidDataException>(() => load(path));
            AssertHelpful(e.Message, path);
            Assert.Contains(i < 8 ? "header is not \"MNTENSOR\"" : "SHA-256 checksum does not match", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Wrong_magic_is_rejected()
    {
        var path = PathOf("other.bin");
        var bytes = new byte[200];
        "PK\u0003\u0004 a zip, not a tensor file"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => load(path));
        AssertHelpful(e.Message, path);
        Assert.Contains("header is not \"MNTENSOR\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        var path = PathOf("empty.mnt");
        File.WriteAllBytes(path, Array.Empty<byte>());
        var e = Assert.Throws<InvalidDataException>(() => load(path));
        AssertHelpful(e.Message, path);
        Assert.Contains("too short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_names_the_path_and_what_to_do()
    {
        var path = PathOf("never-saved.mnt");
        var e = Assert.Throws<FileNotFoundException>(() => load(path));
        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_fully_and_leaves_no_temporary_file()
    {
        using var scope = NewDisposeScope();
        var path = PathOf("model.mnt");
        var big = new Dictionary<string, Tensor> { ["a"] = randn(100, 100), ["b"] = arange(1000) };
        save(big, path);
        var bigLength = new FileInfo(path).Length;
        var small = new Dictionary<string, Tensor> { ["c"] = tensor(new float[] { 7 }) };
        save(small, path);
        Assert.True(new FileInfo(path).Length < bigLength);
        var loaded = load(path);
        AssertSameTensors(small, loaded);
        foreach (var t in loaded.Values) t.Dispose();
        Assert.Equal(new[] { "model.mnt" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_save_keeps_the_old_file_intact_and_leaves_no_temporary_file()
    {
        using var scope = NewDisposeScope();
        var path = PathOf("checkpoint.mnt");
        var good = new Dictionary<string, Tensor> { ["w"] = arange(10).to(float32) };
        save(good, path);
        var before = File.ReadAllBytes(path);

        // A disposed tensor after a large live one: the writer has already written bytes to the temporary file.
        var disposed = ones(3);
        disposed.Dispose();
        var bad = new Dictionary<string, Tensor> { ["big"] = randn(200, 200), ["gone"] = disposed };
        var e = Assert.Throws<ObjectDisposedException>(() => save(bad, path));
        Assert.Contains("disposed", e.Message, StringComparison.Ordinal);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "checkpoint.mnt" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        var loaded = load(path);
        AssertSameTensors(good, loaded);
        foreach (var t in loaded.Values) t.Dispose();
    }

    [Fact]
    public void Save_creates_missing_folders()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_dir, "a", "b", "c.mnt");
        save(new Dictionary<string, Tensor> { ["x"] = ones(2) }, path);
        var loaded = load(path);
        using var x = loaded["x"];
        Assert.Equal(new float[] { 1, 1 }, x.data<float>());
    }

    private string SaveSample(string name)
    {
        using var scope = NewDisposeScope();
        var path = PathOf(name);
        save(Sample(), path);
        return path;
    }

    private static void AssertHelpful(string message, string path)
    {
        Assert.Contains(path, message, StringComparison.Ordinal);
        Assert.Contains("not a valid MetaNotebooks tensor file", message, StringComparison.Ordinal);
        Assert.Contains("delete it and create it again", message, StringComparison.Ordinal);
    }
}
