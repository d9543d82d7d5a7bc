// Reference solutions of notebook 05's exercises (metanb run --exercises solutions runs them in place of the stubs).

//| exercise 1
var plain = new MatchingNetworks(new MatchingOptions(Hidden: config.Hidden, CosineScale: 1));
plain.load_state_dict(matching.state_dict());
var plainResult = TestProtocol.Evaluate(plain, omniglot, first100);

//| exercise 2
Tensor MatchingScores(Tensor zs, Tensor supportLabels, Tensor zq, int ways) =>
    MatchingNetworks.LabelDistribution(matching.EpisodeAttention(zs, zq), supportLabels, ways);

Tensor CosinePrototypeScores(Tensor zs, Tensor zq, int ways, int shots) =>
    MatchingNetworks.Similarities(zq, PrototypicalNetworks.Prototypes(zs, ways, shots));
