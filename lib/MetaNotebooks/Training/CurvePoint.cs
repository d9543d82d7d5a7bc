namespace MetaNotebooks.Training;

/// <summary>One point of a learning curve: after <paramref name="Step"/> steps.</summary>
/// <param name="Step">Steps done (1-based: the point after the first step is step 1).</param>
/// <param name="Loss">The step's training loss.</param>
/// <param name="Accuracy">The step's training query accuracy, 0..1.</param>
/// <param name="LearningRate">The learning rate the step used.</param>
/// <param name="ValidationAccuracy">Mean accuracy on the fixed validation episodes, when validated at this step.</param>
public sealed record CurvePoint(int Step, double Loss, double Accuracy, double LearningRate, double? ValidationAccuracy);
