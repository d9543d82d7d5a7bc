// Reference solutions of notebook 15 (The LSTM meta-learner): one section per exercise, each replacing its stub.
//| exercise 1
var first100 = TestProtocol.Episodes(split, ways: 5, shots: 1, count: 100);   // the first 100 of the 600 test episodes
torch.manual_seed(123);
var randomStart = new Maml(new MamlOptions(Ways: 5, Hidden: config.Hidden, InnerSteps: config.TestInnerSteps, TestInnerSteps: config.TestInnerSteps, InnerLearningRate: bestRate));
AccuracyResult? randomResult = TestProtocol.Evaluate(randomStart, omniglot, first100);

//| exercise 2
AccuracyResult? ten = Accuracy.Evaluate("10 updates", first100, omniglot, b => learner.Predict(b, 10));
