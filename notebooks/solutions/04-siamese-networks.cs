// Reference solutions of notebook 04's exercises (metanb run --exercises solutions runs them in place of the stubs).

//| exercise 1
var verificationRight = 0;
int? verificationPairs = 0;
siamese.Embedding.eval();
foreach (var e in episodes.Episodes.Take(50))
{
    using var scope = torch.NewDisposeScope();
    using var eb = TaskBatch.Create(omniglot, [e]);
    var all = siamese.Embed(torch.cat([eb.SupportImages[0], eb.QueryImages[0]])).detach();
    var eLabels = torch.cat([eb.SupportLabels[0], eb.QueryLabels[0]]).data<long>().ToArray();
    var (l, r, t) = SiameseNetworks.SamplePairs(eLabels, SiameseNetworks.PairRandom(e.Key));
    var said = siamese.PairLogits(all.index_select(0, torch.tensor(l)), all.index_select(0, torch.tensor(r))).gt(0).data<bool>().ToArray();
    verificationRight += Enumerable.Range(0, t.Length).Count(i => said[i] == (t[i] == 1));
    verificationPairs += t.Length;
}
double? verificationAccuracy = verificationRight / (double)verificationPairs;

//| exercise 2
Tensor MeanRule(Tensor grid) => torch.nn.functional.logsigmoid(grid).mean([2]);
Tensor MaxRule(Tensor grid) => grid.max(2).values;
