namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Stochastic gradient descent with optional momentum (and Nesterov) and weight decay, as torch.optim.SGD.</summary>
        public sealed class SGD : Optimizer
        {
            public double momentum { get; }
            public double weight_decay { get; }
            public bool nesterov { get; }

            public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double weight_decay = 0, bool nesterov = false)
                : this(OneGroup(parameters), lr, momentum, weight_decay, nesterov) { }

            public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double weight_decay = 0, bool nesterov = false) : base(groups, lr)
            {
                if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be >= 0.");
                if (weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, "weight_decay must be >= 0.");
                if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum needs momentum > 0.", nameof(nesterov));
                (this.momentum, this.weight_decay, this.nesterov) = (momentum, weight_decay, nesterov);
            }

            protected override void Update(Tensor p, Tensor grad, double lr, Dictionary<string, Tensor> state)
            {
                var d = weight_decay != 0 ? grad.add(p, weight_decay) : grad;
                if (momentum != 0)
                {
                    if (!state.TryGetValue("momentum_buffer", out var buf))
                        state["momentum_buffer"] = buf = Keep(d.clone());
                    else
                        buf.mul_(momentum).add_(d);
                    d = nesterov ? d.add(buf, momentum) : buf;
                }
                p.add_(d, -lr);
            }
        }
    }
}
