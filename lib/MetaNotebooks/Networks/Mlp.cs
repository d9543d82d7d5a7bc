using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaNotebooks.Networks;

/// <summary>
/// A multi-layer perceptron: Linear + ReLU for every hidden layer, then a final Linear (no activation). Input is
/// flattened from dim 1, so images [N, C, H, W] and vectors [N, D] both work: [N, ...] -> [N, sizes[^1]].
/// Parameters, in order: weight and bias of each Linear. Runs as a module (<c>forward(x)</c>) or functionally on
/// explicit tensors (<c>forward(x, weights)</c>), as MAML's fast weights need (e.g. the sinusoid regressor
/// 1 -> 40 -> 40 -> 1 of Finn et al. 2017).
/// </summary>
public sealed class Mlp : FunctionalModule
{
    private readonly ModuleList<Linear> layers = new();

    /// <param name="inputs">Input features (after flattening).</param>
    /// <param name="hidden">Sizes of the hidden layers, each followed by ReLU (may be empty: a linear model).</param>
    /// <param name="outputs">Size of the output layer.</param>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs) : base(nameof(Mlp))
    {
        if (inputs <= 0 || outputs <= 0 || hidden.Any(h => h <= 0))
            throw new ArgumentOutOfRangeException(nameof(hidden),
                $"Layer sizes must be positive: inputs {inputs}, hidden [{string.Join(", ", hidden)}], outputs {outputs}.");
        Sizes = [inputs, .. hidden, outputs];
        for (var i = 0; i < Sizes.Count - 1; i++) layers.Add(nn.Linear(Sizes[i], Sizes[i + 1]));
        RegisterComponents();
    }

    /// <summary>Every layer's width, input first: [inputs, hidden..., outputs].</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor input, Weights w)
    {
        var features = input.dim() == 2 ? input.size(1) : input.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (input.dim() < 2 || features != Sizes[0])
            throw new ArgumentException($"{this} wants inputs [N, {Sizes[0]}] (or [N, ...] with {Sizes[0]} values per row); got shape {Shapes.Format(input)}.", nameof(input));
        using var scope = NewDisposeScope();
        var x = input.dim() == 2 ? input : input.flatten(1);
        for (var i = 0; i < layers.Count; i++)
        {
            x = F.linear(x, w[2 * i], w[2 * i + 1]);
            if (i < layers.Count - 1) x = F.relu(x);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>"Mlp(1 -> 40 -> 40 -> 1)".</summary>
    public override string ToString() => $"Mlp({string.Join(" -> ", Sizes)})";
}
