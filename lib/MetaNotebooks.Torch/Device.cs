namespace MetaNotebooks.Torch;

/// <summary>Where a tensor lives.</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>A device: the CPU, or a CUDA GPU with an index (-1: the current one).</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return new Device(DeviceType.CPU);
        if (s == "cuda") return new Device(DeviceType.CUDA);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5), out var i) && i >= 0)
            return new Device(DeviceType.CUDA, i);
        throw new ArgumentException($"Unknown device '{text}': use \"cpu\", \"cuda\" or \"cuda:N\".", nameof(text));
    }

    public override string ToString() => Type == DeviceType.CPU ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
