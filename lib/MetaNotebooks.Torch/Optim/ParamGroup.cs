namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Parameters that share optimizer settings; a null lr takes the optimizer's default.</summary>
        public sealed class ParamGroup
        {
            public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null)
            {
                this.parameters = parameters.ToList();
                this.lr = lr ?? double.NaN;
            }

            public IReadOnlyList<Tensor> parameters { get; }

            /// <summary>The learning rate in force (schedulers change it).</summary>
            public double lr { get; set; }

            /// <summary>The learning rate the group started with (what schedulers scale).</summary>
            public double initial_lr { get; internal set; }
        }
    }
}
