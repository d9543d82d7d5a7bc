namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// The parameters a module's forward pass reads: its own, or (functional call, MAML's fast weights) tensors
        /// substituted for them, without changing the module.
        /// </summary>
        public sealed class ParameterView
        {
            private readonly Dictionary<Parameter, Tensor>? _substitutes;

            private ParameterView(Dictionary<Parameter, Tensor>? substitutes) => _substitutes = substitutes;

            /// <summary>The module's own parameters.</summary>
            public static readonly ParameterView Own = new(null);

            /// <summary>True in a functional call: modules must not update their own state (e.g. running statistics).</summary>
            public bool IsFunctional => _substitutes is not null;

            /// <summary>The tensor to use for a parameter (null stays null, for absent optional parameters).</summary>
            public Tensor? this[Parameter? p] => p is null ? null : _substitutes is null ? p : _substitutes[p];

            /// <summary>Maps a module's parameters (in <see cref="Module.parameters"/> order) to substitutes.</summary>
            public static ParameterView For(Module module, IReadOnlyList<Tensor> substitutes)
            {
                var own = module.parameters();
                if (own.Count != substitutes.Count)
                    throw new ArgumentException(
                        $"{module.GetType().Name} has {own.Count} parameters but {substitutes.Count} tensors were given; pass one tensor " +
                        "per parameter, in the order of parameters() (named_parameters() lists them).", nameof(substitutes));
                var map = new Dictionary<Parameter, Tensor>(own.Count, ReferenceEqualityComparer.Instance);
                for (var i = 0; i < own.Count; i++)
                {
                    var (want, got) = (own[i].shape, substitutes[i].shape);
                    if (!want.AsSpan().SequenceEqual(got))
                        throw new ArgumentException(
                            $"Parameter {i} ({module.named_parameters().ElementAt(i).name}) has shape {Tensor.FormatShape(want)} " +
                            $"but the tensor given for it has shape {Tensor.FormatShape(got)}.", nameof(substitutes));
                    map[own[i]] = substitutes[i];
                }
                return new ParameterView(map);
            }
        }
    }
}
