using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>The few-shot backbone: 4 x [Conv2d 3x3 (padding 1), BatchNorm2d, ReLU, MaxPool2d 2], then a Linear head.</summary>
internal static class Conv4
{
    /// <summary>1x28x28 images -> [N, classes] logits (28 -> 14 -> 7 -> 3 -> 1 after the four poolings).</summary>
    internal static nn.Sequential Create(long filters, long classes, long inChannels = 1)
    {
        var net = new nn.Sequential();
        for (var i = 0; i < 4; i++)
        {
            net.append(new nn.Conv2d(i == 0 ? inChannels : filters, filters, 3, padding: 1));
            net.append(new nn.BatchNorm2d(filters));
            net.append(new nn.ReLU());
            net.append(new nn.MaxPool2d(2));
        }
        net.append(new nn.Flatten());
        net.append(new nn.Linear(filters, classes));
        return net;
    }
}
