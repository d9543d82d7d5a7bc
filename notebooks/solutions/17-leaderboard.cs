// Reference solutions of notebook 17 (The leaderboard): one section per exercise, each replacing its stub.
//| exercise 1
var (first, second) = (perEpisode[0], perEpisode[1]);   // the two best 5-way 1-shot results, on the same 600 episodes
var a = first.Correct!.Select(c => 100.0 * c / first.Queries!.Value).ToArray();
var b = second.Correct!.Select(c => 100.0 * c / second.Queries!.Value).ToArray();
var d = a.Zip(b, (x, y) => x - y).ToArray();
double? meanD = d.Average();
double? halfWidth = 1.96 * Math.Sqrt(d.Sum(v => (v - meanD.Value) * (v - meanD.Value)) / (d.Length - 1)) / Math.Sqrt(d.Length);
