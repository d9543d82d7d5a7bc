using System.IO.Compression;
using MetaNotebooks.Data;

namespace MetaNotebooks.Tests;

/// <summary>The real Omniglot (the fixture builds its cache once per run).</summary>
[Collection(NativeCollection.Name)]
public sealed class OmniglotTests(OmniglotFixture fixture)
{
    private Omniglot Data => fixture.Omniglot;

    [Fact]
    public void Holds_lakes_1623_characters_from_50_alphabets()
    {
        Assert.True(Data.CacheWasBuilt);
        Assert.Equal(1623, Data.Classes.Count);
        Assert.Equal(964, Data.ClassesOf(OmniglotSet.Background).Count);
        Assert.Equal(659, Data.ClassesOf(OmniglotSet.Evaluation).Count);
        Assert.Equal(50, Data.Alphabets.Count);
        Assert.Equal(30, Data.ClassesOf(OmniglotSet.Background).Select(c => c.Alphabet).Distinct().Count());
        Assert.Equal(new long[] { 1623, 20, 1, 28, 28 }, Data.Pixels.shape);
        Assert.Equal(ScalarType.Byte, Data.Pixels.dtype);
        Assert.Equal(new long[] { 1, 28, 28 }, Data.ImageShape);
        Assert.Contains("1623 characters (964 background, 659 evaluation), 50 alphabets, 20 drawings each, 28x28", Data.ToString());
    }

    [Fact]
    public void Classes_are_sorted_by_their_stable_ids()
    {
        var ids = Data.Classes.Select(c => c.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(1623, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 1623), Data.Classes.Select(c => c.Index));
        Assert.Equal("Alphabet_of_the_Magi/character01", ids[0]);
        Assert.Equal(OmniglotSet.Evaluation, Data.Class("Tengwar/character25").Set);
        Assert.Equal(OmniglotSet.Background, Data.Class("Latin/character26").Set);
        Assert.Contains("Latin/character01", Assert.Throws<KeyNotFoundException>(() => Data.Class("Latin/character27")).Message);
    }

    [Fact]
    public void Drawings_keep_their_sorted_file_order()
    {
        // The README's quirk: Braille/character01's 0192_03.png and 0192_19.png are the same image, so with drawings
        // in file-name order, drawings 2 and 18 are equal and no other pair of that character is.
        var braille = Data.Class("Braille/character01").Index;
        using var scope = torch.NewDisposeScope();
        var images = Data.Pixels[braille];
        for (var a = 0; a < 20; a++)
            for (var b = a + 1; b < 20; b++)
                Assert.Equal((a, b) == (2, 18), TensorAssert.Same(images[a], images[b]));
    }

    [Fact]
    public void Images_are_ink_on_zero_background_lanczos_resized_from_the_png()
    {
        using var scope = torch.NewDisposeScope();
        var (bytes, entry) = ReadPng("images_background/Latin/character03/");
        var (pixels, w, h) = GrayPng.Decode(bytes);
        var resized = LanczosResize.Resize(pixels, w, h, 28, 28);
        var expected = torch.tensor(resized.Select(p => (byte)(255 - p)).ToArray(), [1, 28, 28]);
        var latin3 = Data.Class("Latin/character03").Index;
        Assert.True(TensorAssert.Same(Data.Pixels[latin3, 0], expected), $"cached image of {entry} differs from decode + Lanczos resize + inversion");
        var image = Data.Image(latin3, 0);
        Assert.Equal(ScalarType.Float32, image.dtype);
        var mean = image.mean().ToDouble();
        Assert.InRange(mean, 0.01, 0.5); // mostly background (0), some ink
        Assert.Equal(0.0, image.min().ToDouble());
        Assert.InRange(image.max().ToDouble(), 0.5, 1.0);
    }

    [Fact]
    public void CopyImages_rotates_like_torch_rot90_and_checks_ids()
    {
        using var scope = torch.NewDisposeScope();
        var id = (long)Data.Class("Greek/character05").Index * 20 + 7;
        var buffer = new float[4 * 784];
        Data.CopyImages([id, id, id, id], [0, 1, 2, 3], buffer);
        var rotated = torch.tensor(buffer, [4, 1, 28, 28]);
        var original = Data.Images([id]);
        for (var k = 0; k < 4; k++)
            Assert.True(TensorAssert.Same(rotated[k], original[0].rot90(k, (1, 2))), $"{k} quarter turns");
        Assert.False(TensorAssert.Same(rotated[0], rotated[1]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Data.CopyImages([32460], [0], new float[784]));
        Assert.Contains("Image ids run from 0 to 32459", e.Message);
        Assert.Throws<ArgumentException>(() => Data.CopyImages([0, 1], [0, 0], new float[784]));
    }

    [Fact]
    public void The_real_trees_verify_cleanly_and_a_missing_character_is_named()
    {
        foreach (var set in new[] { OmniglotSet.Background, OmniglotSet.Evaluation })
        {
            var path = Path.Combine(fixture.DataFolder, OmniglotFiles.ZipName(set));
            using var zip = ZipFile.OpenRead(path);
            var tree = OmniglotTree.Read(zip, set, path);
            Assert.Empty(tree.Verify(OmniglotManifest.Canonical));
            Assert.Equal(OmniglotManifest.Canonical.CharacterCount(set), tree.Characters.Count);
        }
        // The canonical manifest names a character the synthetic tree lacks.
        Assert.Equal(964, OmniglotManifest.Canonical.CharacterCount(OmniglotSet.Background));
        Assert.Equal(659, OmniglotManifest.Canonical.CharacterCount(OmniglotSet.Evaluation));
        using var dir = TestData.NewTempFolder("real-subset");
        var partial = Path.Combine(dir.Path, OmniglotFiles.EvaluationZip);
        using (var source = ZipFile.OpenRead(Path.Combine(fixture.DataFolder, OmniglotFiles.EvaluationZip)))
        using (var target = ZipFile.Open(partial, ZipArchiveMode.Create))
        {
            foreach (var e in source.Entries.Where(e => e.FullName.StartsWith("images_evaluation/Tengwar/", StringComparison.Ordinal)
                                                         && !e.FullName.Contains("/character13/", StringComparison.Ordinal) && e.Length > 0))
            {
                using var from = e.Open();
                using var to = target.CreateEntry(e.FullName).Open();
                from.CopyTo(to);
            }
        }
        using var subset = ZipFile.OpenRead(partial);
        var problems = OmniglotTree.Read(subset, OmniglotSet.Evaluation, partial).Verify(OmniglotManifest.Canonical);
        Assert.Contains("missing character Tengwar/character13", problems);
        Assert.Contains("missing alphabet Angelic (20 characters)", problems);
        Assert.Equal(20, problems.Count); // 19 other alphabets + the one character
    }

    [Fact]
    public void A_second_load_reads_the_cache_keyed_by_the_zips()
    {
        using var again = Omniglot.Load(fixture.Options);
        Assert.False(again.CacheWasBuilt);
        Assert.Equal(Data.CachePath, again.CachePath);
        Assert.True(TensorAssert.Same(again.Pixels, Data.Pixels));
        Assert.Equal(Data.Classes, again.Classes);
        Assert.InRange(new FileInfo(Data.CachePath).Length, 25_000_000, 26_000_000); // 1623 x 20 x 28 x 28 bytes + names
    }

    private (byte[] Bytes, string Entry) ReadPng(string prefix)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(fixture.DataFolder, OmniglotFiles.BackgroundZip));
        var entry = zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.Name.EndsWith(".png", StringComparison.Ordinal))
            .OrderBy(e => e.Name, StringComparer.Ordinal).First();
        using var s = entry.Open();
        var bytes = new byte[entry.Length];
        s.ReadExactly(bytes);
        return (bytes, entry.FullName);
    }
}
