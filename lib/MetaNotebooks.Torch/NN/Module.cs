namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A network part with named parameters, buffers and sub-modules, a train/eval mode and a state dict.
        /// Subclasses register their state in the constructor (<see cref="register_parameter"/>, ...), in order.
        /// </summary>
        public abstract class Module : IDisposable
        {
            private readonly List<(string name, Parameter parameter)> _parameters = new();
            private readonly List<(string name, Tensor buffer)> _buffers = new();
            private readonly List<(string name, Module module)> _modules = new();

            /// <summary>True in training mode (batch norm uses batch statistics, dropout drops).</summary>
            public bool training { get; private set; } = true;

            protected Parameter register_parameter(string name, Parameter parameter)
            {
                CheckName(name);
                _parameters.Add((name, parameter));
                return parameter;
            }

            protected Tensor register_buffer(string name, Tensor buffer)
            {
                CheckName(name);
                buffer.DetachFromDisposeScope();
                _buffers.Add((name, buffer));
                return buffer;
            }

            protected T register_module<T>(string name, T module) where T : Module
            {
                CheckName(name);
                _modules.Add((name, module));
                return module;
            }

            private void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"A parameter, buffer or module name must be non-empty and contain no '.': \"{name}\".", nameof(name));
                if (_parameters.Any(p => p.name == name) || _buffers.Any(b => b.name == name) || _modules.Any(m => m.name == name))
                    throw new ArgumentException($"{GetType().Name} already has something named \"{name}\".", nameof(name));
            }

            /// <summary>Every parameter with its dotted name ("0.weight", "layer1.bias"), own first, then sub-modules'.</summary>
            public IEnumerable<(string name, Parameter parameter)> named_parameters()
            {
                foreach (var p in _parameters) yield return p;
                foreach (var (prefix, m) in _modules)
                foreach (var (name, p) in m.named_parameters())
                    yield return ($"{prefix}.{name}", p);
            }

            /// <summary>Every parameter, in <see cref="named_parameters"/> order (the order a functional call takes).</summary>
            public IReadOnlyList<Parameter> parameters() => named_parameters().Select(p => p.parameter).ToList();

            /// <summary>Every buffer (running statistics, ...) with its dotted name.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers()
            {
                foreach (var b in _buffers) yield return b;
                foreach (var (prefix, m) in _modules)
                foreach (var (name, b) in m.named_buffers())
                    yield return ($"{prefix}.{name}", b);
            }

            /// <summary>The direct sub-modules.</summary>
            public IEnumerable<(string name, Module module)> named_children() => _modules;

            /// <summary>Sets training mode here and in every sub-module.</summary>
            public Module train(bool mode = true)
            {
                training = mode;
                foreach (var (_, m) in _modules) m.train(mode);
                return this;
            }

            /// <summary>Sets evaluation mode (batch norm uses running statistics, dropout is off).</summary>
            public Module eval() => train(false);

            /// <summary>Evaluation mode until the returned scope is disposed, then the previous mode again.</summary>
            public TrainingModeScope EvaluationMode() => new(this, mode: false);

            /// <summary>Clears every parameter's gradient.</summary>
            public void zero_grad()
            {
                foreach (var p in parameters()) p.grad = null;
            }

            /// <summary>Moves (or converts) every parameter and buffer in place.</summary>
            public Module to(Device device) => Apply(t => t.to(device));

            public Module to(ScalarType dtype) => Apply(t => t.dtype.IsFloatingPoint() ? t.to(dtype) : t.alias());

            private Module Apply(Func<Tensor, Tensor> convert)
            {
                using var scope = NewDisposeScope();
                using (no_grad())
                {
                    foreach (var p in parameters()) p.set_data(convert(p));
                    foreach (var (_, b) in named_buffers()) b.set_data_internal(convert(b));
                }
                return this;
            }

            /// <summary>Parameters and buffers by dotted name (tensors that share storage with the module's).</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var d = new Dictionary<string, Tensor>();
                foreach (var (n, p) in named_parameters()) d[n] = p.detach().DetachFromDisposeScope();
                foreach (var (n, b) in named_buffers()) d[n] = b.detach().DetachFromDisposeScope();
                return d;
            }

            /// <summary>Copies values from a state dict; strict: every name must match both ways, and shapes always.</summary>
            public void load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
            {
                var mine = named_parameters().Select(p => (p.name, t: (Tensor)p.parameter)).Concat(named_buffers().Select(b => (b.name, t: b.buffer))).ToList();
                if (strict)
                {
                    var missing = mine.Select(m => m.name).Where(n => !state.ContainsKey(n)).ToList();
                    var unexpected = state.Keys.Where(k => mine.All(m => m.name != k)).ToList();
                    if (missing.Count > 0 || unexpected.Count > 0)
                        throw new ArgumentException($"load_state_dict for {GetType().Name}: missing keys [{string.Join(", ", missing)}], " +
                                                    $"unexpected keys [{string.Join(", ", unexpected)}].", nameof(state));
                }
                // Check every shape before copying anything, so that a failed load leaves the module as it was.
                var copies = new List<(Tensor target, Tensor source)>();
                foreach (var (name, t) in mine)
                {
                    if (!state.TryGetValue(name, out var src)) continue;
                    if (!t.shape.AsSpan().SequenceEqual(src.shape))
                        throw new ArgumentException($"load_state_dict: {name} has shape {Tensor.FormatShape(t.shape)} in the module " +
                                                    $"but {Tensor.FormatShape(src.shape)} in the state dict.", nameof(state));
                    copies.Add((t, src));
                }
                using (no_grad())
                {
                    foreach (var (target, source) in copies) target.copy_(source);
                }
            }

            /// <summary>Frees every parameter and buffer, here and in sub-modules.</summary>
            public void Dispose()
            {
                foreach (var (_, p) in _parameters) p.Dispose();
                foreach (var (_, b) in _buffers) b.Dispose();
                foreach (var (_, m) in _modules) m.Dispose();
                GC.SuppressFinalize(this);
            }

            public override string ToString() =>
                $"{GetType().Name}({string.Join(", ", _parameters.Select(p => $"{p.name}: {Tensor.FormatShape(p.parameter.shape)}"))})";
        }

        /// <summary>A module with a forward pass from TInput to TOutput, runnable on its own or on explicit parameters.</summary>
        public abstract class Module<TInput, TOutput> : Module
        {
            /// <summary>Runs the module on its own parameters.</summary>
            public TOutput forward(TInput input) => Forward(input, ParameterView.Own);

            /// <summary>
            /// Runs the module on the given tensors instead of its parameters (one per parameter, in parameters() order),
            /// without changing the module: MAML's fast weights. Batch norm then uses batch statistics and leaves its
            /// running statistics alone.
            /// </summary>
            public TOutput forward(TInput input, IReadOnlyList<Tensor> parameters) => Forward(input, ParameterView.For(this, parameters));

            /// <summary>Runs the module reading its parameters through p (how a container forwards a functional call to its parts).</summary>
            public TOutput forward(TInput input, ParameterView p) => Forward(input, p);

            /// <summary>The forward pass, reading every parameter through p.</summary>
            protected internal abstract TOutput Forward(TInput input, ParameterView p);

            public TOutput call(TInput input) => forward(input);
        }
    }
}
