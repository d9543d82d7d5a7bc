namespace MetaNotebooks.Algorithms.Model;

/// <summary>The settings of <see cref="MemoryAugmentedNetwork"/> (Santoro et al. 2016's Omniglot values are the memory's defaults).</summary>
/// <param name="Ways">N: the output's classes; every episode must have this many (the paper: 5, and 15 in a second experiment).</param>
/// <param name="Hidden">Filters per block of the Conv4 image embedding (the paper fed flattened 20x20 pixels instead).</param>
/// <param name="ControllerSize">Hidden units of the LSTM controller (the paper: 200).</param>
/// <param name="Slots">Memory slots S (the paper: 128).</param>
/// <param name="SlotWidth">Width W of a slot, also the key size (the paper: 40).</param>
/// <param name="Reads">Read heads R; each also writes (the paper: 4).</param>
/// <param name="Gamma">The usage decay gamma of w_u = gamma w_u_prev + w_r + w_w (0.95 as in common reimplementations; the paper leaves it to a hyperparameter search).</param>
/// <param name="PrototypeLossWeight">Weight of the auxiliary prototype loss on the embedding in training (<see cref="MemoryAugmentedNetwork.PrototypeLoss"/>; 0: off, the paper's MANN, whose inputs were fixed pixels).</param>
public sealed record MannOptions(int Ways = 5, int Hidden = 32, int ControllerSize = 200, int Slots = 128, int SlotWidth = 40, int Reads = 4, double Gamma = 0.95, double PrototypeLossWeight = 3);
