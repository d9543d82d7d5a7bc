// Solutions of notebook 09's exercises (metanb run --exercises solutions runs each section in place of its stub).
//| exercise 1
AccuracyResult twentyWay = TestProtocol.Evaluate(hypernet, omniglot, TestProtocol.Episodes(split, 20, 1, count: 100));

//| exercise 2
Tensor FixedGeneratorLogits(Tensor queryEmbeddings, Tensor summaries) =>
    HyperNetworks.Logits(queryEmbeddings, 2 * summaries, -summaries.pow(2).sum(1));
