namespace MetaNotebooks.Algorithms.Reinforcement;

/// <summary>
/// One meta-step of <see cref="MamlRl"/>: the average return of the trajectories sampled before adaptation and after
/// it (the same for the pretrained baseline, which does not adapt), TRPO's mean KL after its step, how many times the
/// line search shrank the step (-1: no step was accepted), and the step's wall time.
/// </summary>
public sealed record MetaRlPoint(int Step, double ReturnBefore, double ReturnAfter, double Kl, int Backtracks, double Seconds);
