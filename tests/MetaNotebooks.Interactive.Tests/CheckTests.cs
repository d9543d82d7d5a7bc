using MetaNotebooks.Interactive.Checks;
using TorchSharp;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>The notebooks' comparison helper: passes equal and close values, and fails with a message naming what differs.</summary>
[Collection(NotebookProcesses.Name)]
public sealed class CheckTests
{
    private static string Printed(Action action) => ConsoleCapture.Printed(action);

    [Fact]
    public void Equal_and_close_tensors_pass_with_one_line_each()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal("prototypes: exact", Printed(() => Check.Close("prototypes", a, a.clone())));
        var a64 = a.to(torch.float64);
        var line = Printed(() => Assert.Equal(1e-6, Check.Close("loss", a64 + 1e-6, a64), 12));
        Assert.Equal("loss: close, max |difference| 1e-06 (tolerance 1e-05)", line);
        Assert.Equal("n: exact", Printed(() => Check.Close("n", 3.0, 3.0)));
        Assert.Equal("ok: it holds", Printed(() => Check.That(true, "it holds")));
    }

    [Fact]
    public void Differences_name_the_quantity_the_size_and_where()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros(2, 3);
        var b = torch.tensor(new float[] { 0, 0, 0, 0, 0, 0.5f }, [2, 3]);
        var error = Assert.Throws<CheckFailedException>(() => Check.Close("distances", b, a));
        Assert.Equal("distances: differs from the library's by up to 0.5 (at index [1, 2]), more than the tolerance 1e-05.", error.Message);
        Assert.Contains("shape [3, 2] but the library's is [2, 3]", Assert.Throws<CheckFailedException>(() => Check.Close("z", a.t(), a)).Message);
        Assert.Contains("NaN", Assert.Throws<CheckFailedException>(() => Check.Close("z", a / 0.0, a)).Message);
        Assert.Contains("loss: 1 but the library's is 2", Assert.Throws<CheckFailedException>(() => Check.Close("loss", 1.0, 2.0)).Message);
        Assert.Equal("check failed: accuracy above 90%", Assert.Throws<CheckFailedException>(() => Check.That(false, "accuracy above 90%")).Message);
    }
}
