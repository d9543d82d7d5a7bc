namespace MetaNotebooks.Algorithms.Gradient;

/// <summary>The settings of <see cref="Maml"/> (Finn et al. 2017's Omniglot values are the defaults for 5-way).</summary>
/// <param name="Ways">N: the head's size; every task batch must have this many classes.</param>
/// <param name="Hidden">Filters per Conv4 block.</param>
/// <param name="InnerSteps">Inner SGD steps per task in meta-training (5-way: 1; 20-way: 5).</param>
/// <param name="TestInnerSteps">Inner steps at test time (5-way: 3; 20-way: 5).</param>
/// <param name="InnerLearningRate">alpha (5-way: 0.4; 20-way: 0.1).</param>
/// <param name="FirstOrder">First-order MAML: do not differentiate through the inner gradients.</param>
/// <param name="HeadOnly">ANIL (Raghu et al. 2020): the inner loop adapts only the linear head; the body is meta-learned.</param>
/// <param name="LearnedStepSizes">Meta-SGD (Li et al. 2017): a step size per parameter entry, same shape as the
/// parameter, starting at <paramref name="InnerLearningRate"/> and trained by the outer loop.</param>
/// <param name="TasksPerPass">Tasks adapted together in one batched forward and backward (grouped convolution); 1 is the
/// per-task loop. Null (the default) chooses by the learner's device: one at a time on the CPU, where it is the faster
/// (metanb bench, 2 threads, 32 tasks of 5-way 1-shot 15-query, second order: 3.2 s per meta-step one task at a time,
/// 4.6 s four at a time, 5.1 s all 32; grouped convolution is slow on libtorch's CPU kernels) and the leanest (392 MB
/// against 2.86 GB); the whole batch at once on CUDA, where it was measured 14-16x faster than the per-task loop (H200,
/// 32 tasks, second order: 22.8-32.5 ms against 324-530 ms per meta-step).</param>
public sealed record MamlOptions(int Ways = 5, int Hidden = 64, int InnerSteps = 1, int TestInnerSteps = 3, double InnerLearningRate = 0.4,
    bool FirstOrder = false, bool HeadOnly = false, bool LearnedStepSizes = false, int? TasksPerPass = null);
