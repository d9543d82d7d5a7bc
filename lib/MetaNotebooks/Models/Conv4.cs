using MetaNotebooks.Torch;
using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Models;

/// <summary>
/// The Conv4 backbone of the few-shot papers (Vinyals et al. 2016, Snell et al. 2017, Finn et al. 2017):
/// 4 x [conv 3x3 (padding 1), batch norm, ReLU, max-pool 2]. On 1x28x28 images it gives a 64-d embedding
/// (28 -> 14 -> 7 -> 3 -> 1). With <c>classes</c> set, a linear head maps the embedding to logits.
/// Parameters, in order: per block conv weight, conv bias, bn weight, bn bias; then head weight and bias.
/// Runs as a module (<c>forward(x)</c>) or functionally on explicit tensors (<c>forward(x, parameters)</c>), which is
/// how MAML's fast weights run it. [N, C, H, W] -> [N, hidden * h * w] (or [N, classes]).
/// </summary>
public sealed class Conv4 : nn.Module<Tensor, Tensor>
{
    private readonly nn.Sequential _body;
    private readonly nn.Linear? _head;

    /// <param name="inChannels">Image channels (1 for Omniglot).</param>
    /// <param name="hidden">Filters per block (64 in the papers).</param>
    /// <param name="classes">Size of the linear head; null for an embedding network.</param>
    /// <param name="trackRunningStats">False for MAML-style batch norm, which always uses the batch's statistics.</param>
    /// <param name="embeddingSize">The flattened body output feeding the head (hidden for 28x28 input).</param>
    public Conv4(int inChannels = 1, int hidden = 64, int? classes = null, bool trackRunningStats = true, int? embeddingSize = null)
    {
        Hidden = hidden;
        _body = register_module("body", new nn.Sequential());
        var c = inChannels;
        for (var i = 0; i < 4; i++)
        {
            _body.append(new nn.Conv2d(c, hidden, 3, padding: 1))
                .append(new nn.BatchNorm2d(hidden, track_running_stats: trackRunningStats))
                .append(new nn.ReLU())
                .append(new nn.MaxPool2d(2));
            c = hidden;
        }
        if (classes is { } n) _head = register_module("head", new nn.Linear(embeddingSize ?? hidden, n));
    }

    /// <summary>Filters per block; the embedding size at 28x28.</summary>
    public int Hidden { get; }

    /// <summary>The linear head, or null for an embedding network.</summary>
    public nn.Linear? Head => _head;

    protected override Tensor Forward(Tensor input, nn.ParameterView p)
    {
        using var features = _body.forward(input, p);
        var flat = features.flatten(1);
        if (_head is null) return flat;
        using (flat) return _head.forward(flat, p);
    }
}
