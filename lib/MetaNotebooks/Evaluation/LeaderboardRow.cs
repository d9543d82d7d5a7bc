namespace MetaNotebooks.Evaluation;

/// <summary>One method's row of the leaderboard table (<see cref="Leaderboard.Rows"/>): each setting's best "accuracy ± interval" (percent) and the paper's number.</summary>
/// <param name="Method">The canonical name.</param>
/// <param name="Family">"metric", "model-based", "gradient-based", "learned optimizer" or "baseline".</param>
/// <param name="FiveWayOneShot">Ours, 5-way 1-shot.</param>
/// <param name="PaperFiveWayOneShot">The paper's, 5-way 1-shot.</param>
/// <param name="FiveWayFiveShot">Ours, 5-way 5-shot.</param>
/// <param name="PaperFiveWayFiveShot">The paper's, 5-way 5-shot.</param>
/// <param name="TwentyWayOneShot">Ours, 20-way 1-shot.</param>
/// <param name="PaperTwentyWayOneShot">The paper's, 20-way 1-shot.</param>
/// <param name="TwentyWayFiveShot">Ours, 20-way 5-shot.</param>
/// <param name="PaperTwentyWayFiveShot">The paper's, 20-way 5-shot.</param>
/// <param name="Runs">The kinds of run the cells come from ("longer", "quick", ...).</param>
public sealed record LeaderboardRow(
    string Method, string Family,
    string FiveWayOneShot, string PaperFiveWayOneShot, string FiveWayFiveShot, string PaperFiveWayFiveShot,
    string TwentyWayOneShot, string PaperTwentyWayOneShot, string TwentyWayFiveShot, string PaperTwentyWayFiveShot,
    string Runs);
