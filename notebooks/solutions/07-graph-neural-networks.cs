// Solutions of notebook 07's exercises (metanb run --exercises solutions runs each section in place of its stub).
//| exercise 1
Tensor Unlabelled(Tensor nodes, int ways)
{
    var copy = nodes.clone();
    copy.narrow(2, nodes.size(2) - ways, ways).fill_(1.0 / ways);
    return copy;
}

//| exercise 2
long Pairs(int ways, int shots, int queries) => (long)ways * queries * (ways * shots + 1) * (ways * shots + 1);
