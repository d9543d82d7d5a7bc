namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Learning-rate schedules: call step() once per epoch (or per step, as the schedule is defined).</summary>
        public static class lr_scheduler
        {
            /// <summary>A schedule that sets every group's lr from its initial lr and the step count.</summary>
            public abstract class LRScheduler
            {
                private readonly Optimizer _optimizer;

                protected LRScheduler(Optimizer optimizer) => _optimizer = optimizer;

                /// <summary>How many times step() was called.</summary>
                public int last_epoch { get; private set; }

                public void step() => step_to(last_epoch + 1);

                /// <summary>Sets the schedule to a given step count, e.g. when resuming from a checkpoint that saved last_epoch.</summary>
                public void step_to(int epoch)
                {
                    if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "A schedule's step count cannot be negative.");
                    last_epoch = epoch;
                    foreach (var g in _optimizer.param_groups) g.lr = LearningRate(g.initial_lr, last_epoch);
                }

                /// <summary>The learning rates in force.</summary>
                public double[] get_last_lr() => _optimizer.param_groups.Select(g => g.lr).ToArray();

                protected abstract double LearningRate(double initial, int epoch);
            }

            /// <summary>lr = initial * gamma^(floor(epoch / step_size)).</summary>
            public sealed class StepLR : LRScheduler
            {
                private readonly int _stepSize;
                private readonly double _gamma;

                public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) : base(optimizer)
                {
                    if (step_size < 1) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be >= 1.");
                    (_stepSize, _gamma) = (step_size, gamma);
                }

                protected override double LearningRate(double initial, int epoch) => initial * Math.Pow(_gamma, epoch / _stepSize);
            }

            /// <summary>
            /// lr = eta_min + (initial - eta_min) (1 + cos(pi min(epoch, T_max) / T_max)) / 2: after T_max it stays at eta_min
            /// (PyTorch's closed form would rise again; a training run is meant to end at T_max).
            /// </summary>
            public sealed class CosineAnnealingLR : LRScheduler
            {
                private readonly int _tMax;
                private readonly double _etaMin;

                public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) : base(optimizer)
                {
                    if (T_max < 1) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, "T_max must be >= 1.");
                    (_tMax, _etaMin) = (T_max, eta_min);
                }

                protected override double LearningRate(double initial, int epoch) =>
                    _etaMin + (initial - _etaMin) * (1 + Math.Cos(Math.PI * Math.Min(epoch, _tMax) / _tMax)) / 2;
            }
        }
    }
}
