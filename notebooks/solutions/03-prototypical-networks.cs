// Reference solutions of notebook 03's exercises (metanb run --exercises solutions runs them in place of the stubs).

//| exercise 1
var first200 = TestProtocol.Episodes(split, 5, 1, count: 200);
var cosine = new PrototypicalNetworks(new ProtoNetOptions(Distance: ProtoDistance.Cosine));
cosine.load_state_dict(protonet.state_dict());
var cosineResult = TestProtocol.Evaluate(cosine, omniglot, first200);

//| exercise 2
var shotCounts = new[] { 1, 2, 3, 5, 10 };
var byShots = shotCounts.Select(k => TestProtocol.Evaluate(protonet, omniglot,
    new EpisodeSet(new EpisodeSampler(split.Test, ways: 5, shots: k, queries: 10), seed: 0, count: 100))).ToList();
