namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Runs its modules in order; their parameters are named "0.weight", "1.bias", ...</summary>
        public sealed class Sequential : Module<Tensor, Tensor>
        {
            private readonly List<Module<Tensor, Tensor>> _layers = new();

            public Sequential(params Module<Tensor, Tensor>[] layers)
            {
                foreach (var layer in layers) append(layer);
            }

            public Sequential append(Module<Tensor, Tensor> layer)
            {
                register_module(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
                _layers.Add(layer);
                return this;
            }

            public int Count => _layers.Count;

            public Module<Tensor, Tensor> this[int index] => _layers[index];

            protected internal override Tensor Forward(Tensor input, ParameterView p)
            {
                // Intermediate activations are freed as soon as the next layer has consumed them (autograd keeps what
                // it needs); the caller owns the result.
                var x = input;
                foreach (var layer in _layers)
                {
                    var y = layer.Forward(x, p);
                    // A layer may return its input itself (an identity): then it is the next input, not garbage.
                    if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
                    x = y;
                }
                return ReferenceEquals(x, input) ? input.alias() : x;
            }
        }
    }
}
