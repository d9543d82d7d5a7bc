using MetaNotebooks.Torch;
using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Models;

/// <summary>
/// A multi-layer perceptron: Linear + ReLU for every hidden layer, then a final Linear (no activation). Input is
/// flattened from dim 1, so images [N, C, H, W] and vectors [N, D] both work: [N, ...] -> [N, sizes[^1]].
/// Parameters, in order: weight and bias of each Linear. Runs as a module (<c>forward(x)</c>) or functionally on
/// explicit tensors (<c>forward(x, parameters)</c>), as MAML's fast weights need (e.g. the sinusoid regressor
/// 1 -> 40 -> 40 -> 1 of Finn et al. 2017).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly nn.Sequential _layers;

    /// <param name="inputs">Input features (after flattening).</param>
    /// <param name="hidden">Sizes of the hidden layers, each followed by ReLU (may be empty: a linear model).</param>
    /// <param name="outputs">Size of the output layer.</param>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs)
    {
        if (inputs <= 0 || outputs <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentOutOfRangeException(nameof(hidden),
                $"Layer sizes must be positive: inputs {inputs}, hidden [{string.Join(", ", hidden)}], outputs {outputs}.");
        Sizes = [inputs, .. hidden, outputs];
        _layers = register_module("layers", new nn.Sequential());
        for (var i = 0; i < Sizes.Count - 1; i++)
        {
            _layers.append(new nn.Linear(Sizes[i], Sizes[i + 1]));
            if (i < Sizes.Count - 2) _layers.append(new nn.ReLU());
        }
    }

    /// <summary>Every layer's width, input first: [inputs, hidden..., outputs].</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>[N, ...] flattened to [N, inputs], through the layers: [N, outputs].</summary>
    protected override Tensor Forward(Tensor input, nn.ParameterView p)
    {
        using var flat = input.dim() == 2 ? input.alias() : input.flatten(1);
        return _layers.forward(flat, p);
    }

    /// <summary>"Mlp(1 -> 40 -> 40 -> 1)".</summary>
    public override string ToString() => $"Mlp({string.Join(" -> ", Sizes)})";
}
