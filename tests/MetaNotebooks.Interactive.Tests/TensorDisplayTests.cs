using MetaNotebooks.Interactive.Display;
using TorchSharp;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>A tensor shows as its shape, dtype and values (TorchSharp's Julia style), not as a table of its properties.</summary>
[Collection(NotebookProcesses.Name)]
public sealed class TensorDisplayTests
{
    [Fact]
    public void A_tensor_shows_its_shape_dtype_and_values_as_text()
    {
        var t = torch.tensor(new float[] { 1.5f, 2, 3, 4 }, [2, 2]);
        TensorDisplay.Register();
        Assert.Equal([MimeTypes.PlainText], Microsoft.DotNet.Interactive.Formatting.Formatter.GetPreferredMimeTypesFor(typeof(torch.Tensor)));
        var text = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(t, MimeTypes.PlainText);
        Assert.Contains("[2x2]", text);
        Assert.Contains("Float32", text);
        Assert.Contains("1.5", text);
        t.Dispose();
        Assert.Equal("tensor(disposed)", TensorDisplay.Format(t));
    }
}
