using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>
/// The gates of Ravi &amp; Larochelle's meta-learner LSTM, one small set of weights shared by every coordinate of the
/// learner's parameters. For coordinate j at step t, with the preprocessed gradient and loss
/// (<see cref="GradientPreprocessing"/>), the previous parameter value c_{t-1} and the gate's previous value:
/// <code>
/// i_t = sigmoid(W_I [grad_t, L_t, c_{t-1}, i_{t-1}] + b_I)     a learned learning rate
/// f_t = sigmoid(W_F [grad_t, L_t, c_{t-1}, f_{t-1}] + b_F)     a learned decay (1 keeps the parameter)
/// c_t = f_t * c_{t-1} + i_t * (-grad_t)                         the LSTM cell update is the learner's update
/// </code>
/// With f_t = 1 and i_t = alpha the update is one SGD step of rate alpha.
/// </summary>
public sealed class MetaLearnerCell : nn.Module
{
    /// <summary>Inputs per coordinate: gradient (2 after preprocessing), loss (2), previous value (1), previous gate (1).</summary>
    public const int Features = 6;

    private readonly Linear input;
    private readonly Linear forget;

    /// <summary>Gates starting near <paramref name="initialInput"/> and <paramref name="initialForget"/> (small weights, the biases their logits).</summary>
    public MetaLearnerCell(double initialInput, double initialForget, double preprocessingScale = GradientPreprocessing.DefaultP) : base(nameof(MetaLearnerCell))
    {
        if (!(initialInput > 0 && initialInput < 1)) throw new ArgumentOutOfRangeException(nameof(initialInput), initialInput, "The input gate's start must lie strictly between 0 and 1 (it is a sigmoid).");
        if (!(initialForget > 0 && initialForget < 1)) throw new ArgumentOutOfRangeException(nameof(initialForget), initialForget, "The forget gate's start must lie strictly between 0 and 1 (it is a sigmoid).");
        if (!(preprocessingScale > 0) || !double.IsFinite(preprocessingScale))
            throw new ArgumentOutOfRangeException(nameof(preprocessingScale), preprocessingScale, "The preprocessing scale p must be a positive number (the paper uses 10).");
        PreprocessingScale = preprocessingScale;
        input = nn.Linear(Features, 1);
        forget = nn.Linear(Features, 1);
        using (no_grad())
        {
            foreach (var gate in new[] { input, forget }) nn.init.uniform_(gate.weight!, -0.01, 0.01);
            input.bias!.fill_(Math.Log(initialInput / (1 - initialInput)));
            forget.bias!.fill_(Math.Log(initialForget / (1 - initialForget)));
        }
        RegisterComponents();
    }

    /// <summary>p of the preprocessing.</summary>
    public double PreprocessingScale { get; }

    /// <summary>The input gate's linear map (weight [1, 6], bias [1]).</summary>
    public Linear InputGate => input;

    /// <summary>The forget gate's linear map (weight [1, 6], bias [1]).</summary>
    public Linear ForgetGate => forget;

    /// <summary>
    /// (i_t, f_t), each [n], for the flattened gradient <paramref name="gradient"/> [n] (a constant), the loss (a scalar
    /// constant), the previous parameters <paramref name="previous"/> [n] and the previous gates [n].
    /// </summary>
    public (Tensor Input, Tensor Forget) Gates(Tensor gradient, Tensor loss, Tensor previous, Tensor previousInput, Tensor previousForget)
    {
        using var scope = NewDisposeScope();
        var n = gradient.size(0);
        var g = GradientPreprocessing.Apply(gradient, PreprocessingScale);
        var l = GradientPreprocessing.Apply(loss.reshape(1), PreprocessingScale).expand(n, 2);
        var shared = cat([g, l, previous.unsqueeze(1)], 1);
        var i = sigmoid(input.forward(cat([shared, previousInput.unsqueeze(1)], 1))).squeeze(1);
        var f = sigmoid(forget.forward(cat([shared, previousForget.unsqueeze(1)], 1))).squeeze(1);
        return (i.MoveToOuterDisposeScope(), f.MoveToOuterDisposeScope());
    }

    /// <summary>The cell update c_t = f_t * c_{t-1} - i_t * grad_t.</summary>
    public static Tensor Update(Tensor previous, Tensor gradient, Tensor input, Tensor forget) => forget * previous - input * gradient;
}
