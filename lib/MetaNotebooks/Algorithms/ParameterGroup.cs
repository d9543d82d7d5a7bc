using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// Parameters the meta-optimizer updates together, with an optional learning rate of their own (otherwise the
/// trainer's); e.g. Meta-SGD's per-parameter step sizes may train at another rate than the weights.
/// </summary>
public sealed record ParameterGroup(IReadOnlyList<TorchSharp.Modules.Parameter> Parameters, double? LearningRate = null);
