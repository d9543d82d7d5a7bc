// Solutions of notebook 13 (ANIL and Meta-SGD): each section replaces the stub cell with the same "//| exercise N" line.
//| exercise 1
var headOnly = new Maml(maml.Options with { HeadOnly = true });
headOnly.load_state_dict(maml.state_dict());
var headOnlyResult = TestProtocol.Evaluate(headOnly, omniglot, TestProtocol.Episodes(split, ways: 5, shots: 1, count: 100));
