using static System.FormattableString;

namespace MetaNotebooks.Algorithms.LearnedOptimizers;

/// <summary>The settings of <see cref="LstmOptimizer"/> (Andrychowicz et al. 2016's values are the defaults).</summary>
/// <param name="Hidden">Units in each of the two LSTM layers (20 in the paper).</param>
/// <param name="Preprocess">Feed each gradient coordinate through <see cref="GradientPreprocessing"/> (two inputs per
/// coordinate: log-magnitude and sign) instead of the raw gradient (one input).</param>
/// <param name="P">The preprocessing's p (10 in the paper).</param>
/// <param name="OutputScale">The constant the linear output is multiplied by to give the update (0.1 in the paper).</param>
public sealed record LstmOptimizerOptions(int Hidden = 20, bool Preprocess = true, double P = GradientPreprocessing.DefaultP, double OutputScale = 0.1)
{
    /// <summary>Inputs per coordinate: 2 with the preprocessing, 1 for the raw gradient.</summary>
    public int InputSize => Preprocess ? 2 : 1;

    /// <summary>Throws when a setting is out of range; returns the options.</summary>
    public LstmOptimizerOptions Validate()
    {
        if (Hidden < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden, "The LSTM needs at least 1 hidden unit per layer (the paper uses 20).");
        if (!(P > 0) || !double.IsFinite(P)) throw new ArgumentOutOfRangeException(nameof(P), P, "The preprocessing scale p must be a positive number (the paper uses 10).");
        if (!(OutputScale > 0) || !double.IsFinite(OutputScale))
            throw new ArgumentOutOfRangeException(nameof(OutputScale), OutputScale, "The output scale must be a positive number (the paper uses 0.1).");
        return this;
    }

    /// <summary>"2-layer LSTM, 20 units, preprocessed gradient (p = 10), output x 0.1".</summary>
    public override string ToString() =>
        Invariant($"2-layer LSTM, {Hidden} units, {(Preprocess ? $"preprocessed gradient (p = {P})" : "raw gradient")}, output x {OutputScale}");
}
