using MetaNotebooks.Algorithms;
using MetaNotebooks.Tensors;
using MetaNotebooks.Training;

namespace MetaNotebooks.Tests;

/// <summary>
/// TensorFile (the checksummed, atomically written tensor format) and the checkpoints built on it: exact round trips of
/// every dtype the course stores, and every damaged or missing file detected and reported with the file's name,
/// never half-loaded; writes leave no temporary files, even when they fail.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class TensorFileTests
{
    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["float32"] = randn(3, 4),
        ["float64"] = tensor(new[] { Math.PI, -0.0, double.MaxValue, double.Epsilon }),
        ["int64"] = tensor(new[] { long.MinValue, 0, long.MaxValue }),
        ["uint8"] = tensor(new byte[] { 0, 1, 254, 255 }).reshape(2, 2),
        ["bool"] = tensor(new[] { true, false, true }),
        ["scalar"] = tensor(2.5f),
        ["empty"] = zeros(0, 5),
        ["names may be unicode: Ω"] = ones(1),
    };

    [Fact]
    public void Every_dtype_round_trips_exactly()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.NewTempFolder("tensorfile");
        var path = folder["all.tensors"];
        var saved = Sample();
        TensorFile.Save(saved, path);
        var loaded = TensorFile.Load(path);
        Assert.Equal(saved.Keys, loaded.Keys);
        foreach (var (name, t) in saved)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.True(TensorAssert.Same(t, loaded[name]), name);
        }
        Assert.Equal(ScalarType.Bool, loaded["bool"].dtype);
        Assert.Equal(new long[] { 0, 5 }, loaded["empty"].shape);
        Assert.Empty(loaded["scalar"].shape);
        Assert.Equal(double.Epsilon, loaded["float64"].data<double>()[3]);
        foreach (var t in loaded.Values) t.Dispose();
    }

    [Fact]
    public void Truncated_flipped_foreign_empty_and_missing_files_are_named_errors()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.NewTempFolder("tensorfile-bad");
        var good = folder["good.tensors"];
        TensorFile.Save(Sample(), good);
        var bytes = File.ReadAllBytes(good);
        var path = folder["bad.tensors"];

        void Expect(byte[] content, params string[] phrases)
        {
            File.WriteAllBytes(path, content);
            var e = Assert.Throws<InvalidDataException>(() => TensorFile.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("truncated or corrupted", e.Message);
            foreach (var p in phrases) Assert.Contains(p, e.Message);
        }

        foreach (var length in new[] { 0, 5, 8, 16, 47, bytes.Length / 3, bytes.Length / 2, bytes.Length - 33, bytes.Length - 1 })
            Expect(bytes[..length]);
        Expect([], "too short (0 bytes)");
        Expect(bytes[..20], "too short (20 bytes)");
        foreach (var at in new[] { 9, 20, bytes.Length / 2, bytes.Length - 40, bytes.Length - 1 })
        {
            var flipped = (byte[])bytes.Clone();
            flipped[at] ^= 0x10;
            Expect(flipped, "checksum does not match");
        }
        var magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        Expect(magic, "header is not \"MNTENSOR\"");
        Expect("PK\u0003\u0004 a zip, not tensors at all, but long enough to hold a header"u8.ToArray(), "header is not \"MNTENSOR\"");
        Expect([.. bytes, 0], "checksum does not match");

        var missing = folder["missing.tensors"];
        var notFound = Assert.Throws<FileNotFoundException>(() => TensorFile.Load(missing));
        Assert.Equal(missing, notFound.FileName);
        Assert.Contains(missing, notFound.Message);
    }

    [Fact]
    public void Overwrites_are_atomic_and_leave_no_temporary_files_even_when_a_write_fails()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.NewTempFolder("tensorfile-atomic");
        var path = folder["state.tensors"];
        TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = ones(2) }, path);
        TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = full(2, 7f), ["y"] = zeros(3) }, path);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
        var loaded = TensorFile.Load(path);
        Assert.Equal(new float[] { 7, 7 }, loaded["x"].data<float>().ToArray());

        // A write that fails half-way (a disposed tensor after a good one): the old file stays whole, no temp file remains.
        var dead = ones(4);
        dead.Dispose();
        Assert.ThrowsAny<Exception>(() => TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = ones(1000), ["dead"] = dead }, path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
        Assert.Equal(new float[] { 7, 7 }, TensorFile.Load(path)["x"].data<float>().ToArray());
        // Into a folder that does not exist yet.
        var nested = Path.Combine(folder.Path, "a", "b", "c.tensors");
        TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = ones(1) }, nested);
        Assert.Equal([nested], Directory.GetFiles(Path.GetDirectoryName(nested)!));
    }

    [Fact]
    public void Checkpoints_round_trip_and_report_damage_naming_the_checkpoint()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.NewTempFolder("checkpoint");
        var path = folder["run.ckpt"];
        var config = TrainingConfig.For("protonet", ProfileName.Quick) with { Steps = 3, Hidden = 8 };
        Checkpoint.Save(path, config, "ProtoNet", new Dictionary<string, Tensor>
        {
            ["learner.w"] = arange(6f).reshape(2, 3), ["trainer.step"] = tensor(new long[] { 3 }), ["curve.loss"] = tensor(new[] { 1.5, 0.5 }),
        });
        using (var checkpoint = Checkpoint.Load(path))
        {
            Assert.Equal(config, checkpoint.Config);
            Assert.Equal("ProtoNet", checkpoint.LearnerName);
            Assert.Equal(3, checkpoint.Step);
            Assert.Equal(new[] { 1.5, 0.5 }, checkpoint.Values<double>("curve.loss"));
            Assert.Equal(["w"], checkpoint.Part("learner.").Keys);
            Assert.DoesNotContain("meta.json", checkpoint.Tensors.Keys);
            Assert.Contains("has no entry \"trainer.best_step\"", Assert.Throws<InvalidDataException>(() => checkpoint.Scalar("trainer.best_step")).Message);
        }
        var bytes = File.ReadAllBytes(path);
        foreach (var length in new[] { 0, 10, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
            Assert.StartsWith($"Checkpoint {path} cannot be used", e.Message);
        }
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum does not match", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path)).Message);

        TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = ones(1) }, path);
        Assert.Contains("not a training checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path)).Message);
        TensorFile.Save(new Dictionary<string, Tensor> { ["meta.json"] = tensor("{not json"u8.ToArray()) }, path);
        Assert.Contains("unreadable \"meta.json\"", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path)).Message);
        var missing = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(folder["nope.ckpt"]));
        Assert.Contains(folder["nope.ckpt"], missing.Message);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }
}
