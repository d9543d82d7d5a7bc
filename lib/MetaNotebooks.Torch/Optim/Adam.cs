namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Adam (Kingma and Ba, 2015) with optional L2 weight decay, the same arithmetic as torch.optim.Adam.</summary>
        public sealed class Adam : Optimizer
        {
            public double beta1 { get; }
            public double beta2 { get; }
            public double eps { get; }
            public double weight_decay { get; }

            public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
                : this(OneGroup(parameters), lr, beta1, beta2, eps, weight_decay) { }

            public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
                : base(groups, lr)
            {
                if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
                if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
                if (eps < 0) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0.");
                (this.beta1, this.beta2, this.eps, this.weight_decay) = (beta1, beta2, eps, weight_decay);
            }

            protected override void Update(Tensor p, Tensor grad, double lr, Dictionary<string, Tensor> state)
            {
                if (!state.TryGetValue("exp_avg", out var m))
                {
                    state["exp_avg"] = m = Keep(zeros_like(p));
                    state["exp_avg_sq"] = Keep(zeros_like(p));
                    state["step"] = Keep(zeros(new long[0], ScalarType.Float64));
                }
                var v = state["exp_avg_sq"];
                var stepTensor = state["step"];
                stepTensor.add_(1);
                var step = stepTensor.item();
                var g = weight_decay != 0 ? grad.add(p, weight_decay) : grad;
                m.mul_(beta1).add_(g, 1 - beta1);
                v.mul_(beta2).addcmul_(g, g, 1 - beta2);
                var bias1 = 1 - Math.Pow(beta1, step);
                var bias2 = 1 - Math.Pow(beta2, step);
                var denom = (v.sqrt() / Math.Sqrt(bias2)).add_(eps);
                p.addcdiv_(m, denom, -lr / bias1);
            }
        }
    }
}
