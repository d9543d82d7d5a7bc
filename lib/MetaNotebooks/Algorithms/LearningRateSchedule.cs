namespace MetaNotebooks.Algorithms;

/// <summary>How the trainer's learning rate changes with the step (a pure function of the step, so resuming needs no state).</summary>
public enum LearningRateSchedule
{
    /// <summary>PyTorch's StepLR: the base rate times gamma^floor(step / step size).</summary>
    Step,

    /// <summary>Linear to 0 at the last step: the base rate times max(0, 1 - step / steps) (Reptile's annealed epsilon).</summary>
    Linear,
}
