namespace MetaNotebooks.Interactive.Checks;

/// <summary>Thrown by <see cref="Exercise.Answer{T}(T)"/> for a stub the learner has not filled in yet.</summary>
public sealed class ExerciseNotAttemptedException() : Exception("This exercise's stub has not been filled in yet.");
