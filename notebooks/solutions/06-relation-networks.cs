// Solutions of notebook 06's exercises (metanb run --exercises solutions runs each section in place of its stub).
//| exercise 1
(Tensor BySum, Tensor ByMean) ScoreBothWays(TaskBatch episode)
{
    var (n, k) = (episode.Ways, episode.Shots);
    var supportMaps = relation.Embed(episode.SupportImages[0]);
    var queryMaps = relation.Embed(episode.QueryImages[0]);
    var summed = RelationNetworks.ClassFeatures(supportMaps, n, k);
    return (relation.RelationScores(RelationNetworks.Pairs(summed, queryMaps), n),
            relation.RelationScores(RelationNetworks.Pairs(summed / k, queryMaps), n));
}

//| exercise 2
Tensor CrossEntropyOfScores(Tensor scores, Tensor queryLabels)
{
    var logits = scores.log() - (1 - scores).log();
    return torch.nn.functional.cross_entropy(logits, queryLabels);
}
