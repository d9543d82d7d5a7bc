// Solutions of notebook 01 (episodes): each section replaces the stub cell with the same "//| exercise N" line.
//| exercise 1
var sampler20 = new EpisodeSampler(rotated.Train, ways: 20, shots: 5, queries: 5);
var batch20 = sampler20.Batch(omniglot, seed: 0, batchIndex: 0, tasks: 4);

//| exercise 2
var withinAlphabet = new EpisodeSampler(vinyals.Test, ways: 5, shots: 1, queries: 5, sameAlphabet: true).Sample(seed: 0, start: 0, count: 20);

//| exercise 3
var leaky = vinyals with { Test = new ClassSet("test", vinyals.Test.Classes.Concat(vinyals.Train.Classes.Take(3)).ToArray()) };
