using MetaNotebooks.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The coordinatewise LSTM optimizer of Andrychowicz et al. 2016 ("Learning to learn by gradient descent by gradient
/// descent"): the update of parameter theta is proposed by a recurrent network m with weights phi,
/// theta_t+1 = theta_t + g_t, [g_t; state_t+1] = m(grad f(theta_t), state_t; phi). One small network (two LSTM layers of
/// 20 units and a linear output) is shared by every coordinate of theta: the coordinates are its batch dimension, each
/// with its own state, so the same phi optimizes a problem of any size. The input is the gradient coordinate, raw or
/// preprocessed (<see cref="GradientPreprocessing"/>); the update is the linear output times a constant scale (0.1).
/// Run it on any parameter list and loss with <see cref="Unroll"/>; train it with <see cref="LstmOptimizerTrainer"/>.
/// Its weights are those of <c>layer1</c>, <c>layer2</c> (TorchSharp <c>LSTMCell</c>s: <c>weight_ih</c>,
/// <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>, gates in PyTorch's order i, f, g, o) and <c>output</c> (a
/// <c>Linear</c>), so <c>state_dict</c>, <c>save</c> and <c>load</c> work as for any module.
/// </summary>
public sealed class LstmOptimizer : nn.Module<Tensor, LstmOptimizerState, (Tensor Update, LstmOptimizerState State)>
{
    private readonly LSTMCell layer1;
    private readonly LSTMCell layer2;
    private readonly Linear output;

    /// <summary>A new optimizer with PyTorch's default initialisation (seed libtorch first for reproducible weights), on <paramref name="device"/>.</summary>
    /// <param name="options">Sizes and scales; the paper's when null.</param>
    /// <param name="device">Where its weights live; <see cref="Devices.Default"/> when null.</param>
    public LstmOptimizer(LstmOptimizerOptions? options = null, Device? device = null) : base(nameof(LstmOptimizer))
    {
        Options = (options ?? new LstmOptimizerOptions()).Validate();
        layer1 = nn.LSTMCell(Options.InputSize, Options.Hidden);
        layer2 = nn.LSTMCell(Options.Hidden, Options.Hidden);
        output = nn.Linear(Options.Hidden, 1);
        RegisterComponents();
        this.to(device ?? Devices.Default);
    }

    /// <summary>The settings it was built with.</summary>
    public LstmOptimizerOptions Options { get; }

    /// <summary>The first LSTM layer (input: the per-coordinate features of <see cref="Inputs"/>).</summary>
    public LSTMCell Layer1 => layer1;

    /// <summary>The second LSTM layer.</summary>
    public LSTMCell Layer2 => layer2;

    /// <summary>The linear read-out from layer 2's h to one number per coordinate (before the output scale).</summary>
    public Linear Output => output;

    /// <summary>The state before the first step for an optimizee of <paramref name="coordinates"/> numbers: zeros, on the optimizer's device.</summary>
    public LstmOptimizerState InitialState(long coordinates)
    {
        var w = layer1.weight_ih!;
        return LstmOptimizerState.Zeros(coordinates, Options.Hidden, w.dtype, w.device);
    }

    /// <summary>
    /// The per-coordinate input of the LSTM for a flat gradient [n]: [n, 2] (<see cref="GradientPreprocessing"/>) or the
    /// raw gradient [n, 1]. The gradient is a constant here (no second derivatives).
    /// </summary>
    public Tensor Inputs(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.dim() != 1)
            throw new ArgumentException($"The LSTM optimizer takes a flat gradient [n]; got shape {Shapes.Format(gradient)}. Flatten and concatenate the parameters' gradients first.", nameof(gradient));
        var dtype = layer1.weight_ih!.dtype;
        return Options.Preprocess
            ? GradientPreprocessing.Apply(gradient, Options.P).to(dtype)
            : gradient.detach().to(dtype).unsqueeze(1);
    }

    /// <summary>
    /// One step for every coordinate at once: the update g_t [n] (to be added to theta) for the flat gradient [n], and
    /// the next state. Differentiable with respect to the optimizer's weights (when grad mode is on).
    /// </summary>
    /// <param name="gradient">grad f(theta_t), flattened: [n].</param>
    /// <param name="state">The state after the previous step (<see cref="InitialState"/> for the first).</param>
    public override (Tensor Update, LstmOptimizerState State) forward(Tensor gradient, LstmOptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var scope = NewDisposeScope();
        var x = Inputs(gradient);
        if (state.Coordinates != x.size(0))
            throw new ArgumentException($"The state holds {state.Coordinates} coordinates but the gradient has {x.size(0)}; start each optimizee with InitialState(n).", nameof(state));
        var (h1, c1) = layer1.call(x, (state.H1, state.C1));
        var (h2, c2) = layer2.call(h1, (state.H2, state.C2));
        var update = output.call(h2).squeeze(1) * Options.OutputScale;
        return (update.MoveToOuterDisposeScope(), new LstmOptimizerState(h1, c1, h2, c2).MoveToOuterDisposeScope());
    }

    /// <summary>"LstmOptimizer(2-layer LSTM, 20 units, ...)".</summary>
    public override string ToString() => $"LstmOptimizer({Options})";
}
