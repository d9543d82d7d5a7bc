using MetaNotebooks.Torch.Serialization;

namespace MetaNotebooks.Torch;

public static partial class torch
{
    /// <summary>Saves named tensors to one checksummed file, atomically (see <see cref="TensorFile"/> for the format).</summary>
    public static void save(IReadOnlyDictionary<string, Tensor> tensors, string path) => TensorFile.Save(tensors, path);

    /// <summary>Loads named tensors saved by <see cref="save"/>; a truncated or corrupted file raises InvalidDataException.</summary>
    public static Dictionary<string, Tensor> load(string path) => TensorFile.Load(path);
}
