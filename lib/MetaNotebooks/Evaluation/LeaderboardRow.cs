namespace MetaNotebooks.Evaluation;

/// <summary>
/// One method's row of the leaderboard table (<see cref="Leaderboard.Rows"/>): each setting's best result, percent,
/// as "94.24 ± 0.45 (paper 98.8)" ("-" where there is none), and the kinds of run the cells come from.
/// </summary>
/// <param name="Method">The canonical name.</param>
/// <param name="Family">"metric", "model-based", "gradient-based", "learned optimizer" or "baseline".</param>
/// <param name="FiveWayOneShot">5-way 1-shot.</param>
/// <param name="FiveWayFiveShot">5-way 5-shot.</param>
/// <param name="TwentyWayOneShot">20-way 1-shot.</param>
/// <param name="TwentyWayFiveShot">20-way 5-shot.</param>
/// <param name="Runs">The kinds of run the cells come from ("longer", "quick", ...).</param>
public sealed record LeaderboardRow(string Method, string Family, string FiveWayOneShot, string FiveWayFiveShot, string TwentyWayOneShot, string TwentyWayFiveShot, string Runs);
