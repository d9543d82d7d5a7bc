using MetaNotebooks.Episodes;
using MetaNotebooks.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// What every few-shot method offers, metric-, model- or gradient-based, so that the trainer, the evaluation code,
/// the CLI and the notebooks treat them alike.
/// <list type="bullet">
/// <item><see cref="MetaTrainStep"/> computes the meta-loss of a task batch and leaves its gradients in the
/// parameters' <c>.grad</c> (the trainer clears them before and steps the meta-optimizer after). MAML differentiates
/// through its inner loop (create_graph) here; a method with per-task backward passes may call backward once per task
/// (<see cref="EpisodicStep"/>). A learner never changes its parameters' values in this step: the trainer's optimizer
/// does, with the run's learning rate and schedule. Reptile writes theta - mean(theta') into <c>.grad</c> and asks for
/// plain SGD (<see cref="MetaOptimizer"/>), so that the trainer's rate and schedule are its outer step size epsilon.</item>
/// <item><see cref="Predict"/> adapts to each episode's support set and returns query logits; it may use autograd
/// internally (MAML's inner loop, a fine-tuned head) but never changes the learner.</item>
/// <item><see cref="state_dict"/> / <see cref="load_state_dict"/> hold everything a checkpoint needs (parameters,
/// buffers, any extra state such as an external memory's initial value).</item>
/// </list>
/// </summary>
public interface IFewShotLearner : IDisposable
{
    /// <summary>Short name used in tables and checkpoints, e.g. "ProtoNet".</summary>
    string Name { get; }

    /// <summary>The settings that define the method, printable (e.g. distance, embedding size, inner-loop steps).</summary>
    IReadOnlyDictionary<string, string> Hyperparameters { get; }

    /// <summary>
    /// The tensors the meta-optimizer updates, grouped (a group may carry its own learning rate: Meta-SGD's per-parameter
    /// step sizes). Empty for a method with nothing to meta-train (nearest neighbour).
    /// </summary>
    IReadOnlyList<ParameterGroup> ParameterGroups { get; }

    /// <summary>
    /// The device its parameters live on: its task batches must be built there (the trainer and the evaluation build them
    /// on this device). <see cref="Devices.Default"/> for a learner without parameters.
    /// </summary>
    Device Device => ParameterGroups.SelectMany(g => g.Parameters).Select(p => p.device).FirstOrDefault() ?? Devices.Default;

    /// <summary>
    /// One meta-training step's forward and backward pass on <paramref name="batch"/>: gradients land in the
    /// parameters' <c>.grad</c>; returns the mean loss and the mean query accuracy over the batch's tasks.
    /// </summary>
    StepResult MetaTrainStep(TaskBatch batch);

    /// <summary>The rule the trainer applies to the <c>.grad</c> that <see cref="MetaTrainStep"/> leaves: Adam unless the learner says otherwise.</summary>
    MetaOptimizer MetaOptimizer => MetaOptimizer.Adam;

    /// <summary>Query logits [T, N*Q, N] for the batch's tasks, each adapted to its own support set only.</summary>
    Tensor Predict(TaskBatch batch);

    /// <summary>Every tensor that defines the learner's state, by name (copies or aliases the caller disposes).</summary>
    Dictionary<string, Tensor> state_dict();

    /// <summary>Restores a state from <see cref="state_dict"/> of a learner built with the same hyperparameters.</summary>
    void load_state_dict(IReadOnlyDictionary<string, Tensor> state);
}
