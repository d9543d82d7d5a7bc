// Reference solutions of notebooks/12-reptile.ipynb's exercises: each section replaces the code of the stub with the same first line.
//| exercise 1
var at1 = theta.Select((t, i) => t.detach() - lr * g0[i]).ToArray();
var at2 = at1.Select((t, i) => t - lr * g1[i]).ToArray();
var g2 = TaskGradient(at2);
Tensor[]? threeByHand = g0.Select((g, i) => g + g1[i] + g2[i]).ToArray();

//| exercise 2
IEnumerable<long[]> Permutations(long[] items) => items.Length <= 1
    ? new[] { items }
    : items.SelectMany((x, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => rest.Prepend(x).ToArray()));
var labelOrders = Permutations(Enumerable.Range(0, episode.Ways).Select(c => (long)c).ToArray()).ToArray();
Tensor[]? averagedOverLabellings = theta.Select(t => torch.zeros_like(t)).ToArray();
foreach (var order in labelOrders)
{
    var relabelled = torch.tensor(order).index_select(0, labels);
    var gradient = TaskGradient(theta, relabelled);
    for (var i = 0; i < gradient.Length; i++) averagedOverLabellings[i].add_(gradient[i], alpha: 1.0 / labelOrders.Length);
}
Tensor UniformTargetLoss(Tensor logits) => -F.log_softmax(logits, 1).mean();
