// Solutions of notebook 08's exercises (metanb run --exercises solutions runs each section in place of its stub).
//| exercise 1
MemoryAugmentedNetwork small = new MemoryAugmentedNetwork(mann.Options with { Slots = 8 });
small.load_state_dict(mann.state_dict());

//| exercise 2
SequenceBatch WithLabelsShuffled(SequenceBatch sequence, torch.Generator generator)
{
    var permutation = torch.randperm(sequence.Length, generator: generator);
    return SequenceBatch.Of(sequence.Images, sequence.Labels.index_select(1, permutation), sequence.Ways);
}
