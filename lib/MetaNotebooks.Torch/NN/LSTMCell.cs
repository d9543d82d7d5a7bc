namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// One LSTM step: (x [N, input], h [N, hidden], c [N, hidden]) -> (h', c'), with PyTorch's gate order
        /// (input, forget, cell, output) and initialisation (uniform, bound 1/sqrt(hidden)).
        /// </summary>
        public sealed class LSTMCell : Module<(Tensor x, Tensor h, Tensor c), (Tensor h, Tensor c)>
        {
            public Parameter weight_ih { get; }
            public Parameter weight_hh { get; }
            public Parameter bias_ih { get; }
            public Parameter bias_hh { get; }
            public long hidden_size { get; }

            public LSTMCell(long input_size, long hidden_size, ScalarType? dtype = null, Device? device = null)
            {
                this.hidden_size = hidden_size;
                var bound = 1.0 / Math.Sqrt(hidden_size);
                weight_ih = register_parameter("weight_ih", Init.Uniform(new[] { 4 * hidden_size, input_size }, bound, dtype, device));
                weight_hh = register_parameter("weight_hh", Init.Uniform(new[] { 4 * hidden_size, hidden_size }, bound, dtype, device));
                bias_ih = register_parameter("bias_ih", Init.Uniform(new[] { 4 * hidden_size }, bound, dtype, device));
                bias_hh = register_parameter("bias_hh", Init.Uniform(new[] { 4 * hidden_size }, bound, dtype, device));
            }

            protected internal override (Tensor h, Tensor c) Forward((Tensor x, Tensor h, Tensor c) input, ParameterView p)
            {
                using var scope = NewDisposeScope();
                var gates = functional.linear(input.x, p[weight_ih]!, p[bias_ih]) + functional.linear(input.h, p[weight_hh]!, p[bias_hh]);
                var g = gates.chunk(4, 1);
                var (i, f, cell, o) = (g[0].sigmoid(), g[1].sigmoid(), g[2].tanh(), g[3].sigmoid());
                var c = f * input.c + i * cell;
                var h = o * c.tanh();
                return (scope.MoveToOuter(h), scope.MoveToOuter(c));
            }
        }
    }
}
