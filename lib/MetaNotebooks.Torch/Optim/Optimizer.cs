namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Updates parameters from their .grad; holds per-parameter state (momentum, moments) it frees on Dispose.</summary>
        public abstract class Optimizer : IDisposable
        {
            private readonly List<ParamGroup> _groups;
            private readonly Dictionary<Tensor, Dictionary<string, Tensor>> _state = new(ReferenceEqualityComparer.Instance);

            protected Optimizer(IEnumerable<ParamGroup> groups, double lr)
            {
                if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be >= 0.");
                _groups = groups.ToList();
                if (_groups.Count == 0 || _groups.All(g => g.parameters.Count == 0))
                    throw new ArgumentException("The optimizer got an empty parameter list.", nameof(groups));
                foreach (var g in _groups)
                {
                    if (double.IsNaN(g.lr)) g.lr = lr;
                    g.initial_lr = g.lr;
                    foreach (var p in g.parameters)
                        if (!p.requires_grad)
                            throw new ArgumentException("The optimizer was given a tensor that does not require grad; it could never update it.", nameof(groups));
                }
            }

            public IReadOnlyList<ParamGroup> param_groups => _groups;

            /// <summary>Clears the gradients (to none, as PyTorch 2 does by default).</summary>
            public void zero_grad()
            {
                foreach (var g in _groups)
                foreach (var p in g.parameters)
                    p.grad = null;
            }

            /// <summary>One update of every parameter that has a gradient.</summary>
            public void step()
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                foreach (var g in _groups)
                foreach (var p in g.parameters)
                {
                    var grad = p.grad;
                    if (grad is null) continue;
                    Update(p, grad, g.lr, State(p));
                }
            }

            /// <summary>Updates one parameter in place (under no_grad, inside a dispose scope).</summary>
            protected abstract void Update(Tensor p, Tensor grad, double lr, Dictionary<string, Tensor> state);

            private Dictionary<string, Tensor> State(Tensor p)
            {
                if (!_state.TryGetValue(p, out var s)) _state[p] = s = new Dictionary<string, Tensor>();
                return s;
            }

            /// <summary>Creates a state tensor that outlives the step's dispose scope.</summary>
            protected static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

            /// <summary>The state as named tensors ("state.{i}.{name}", "group.{g}.lr"), for checkpoints.</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var d = new Dictionary<string, Tensor>();
                var i = 0;
                foreach (var g in _groups)
                foreach (var p in g.parameters)
                {
                    if (_state.TryGetValue(p, out var s))
                        foreach (var (name, t) in s) d[$"state.{i}.{name}"] = t.clone().DetachFromDisposeScope();
                    i++;
                }
                for (var k = 0; k < _groups.Count; k++)
                    d[$"group.{k}.lr"] = tensor(_groups[k].lr, ScalarType.Float64).DetachFromDisposeScope();
                return d;
            }

            /// <summary>Restores a state saved by <see cref="state_dict"/> from an optimizer over the same parameters.</summary>
            public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
            {
                var all = _groups.SelectMany(g => g.parameters).ToList();
                // Check every entry before changing anything, so that a rejected state dict leaves the optimizer as it was.
                var lrs = new List<(int group, double lr)>();
                var entries = new List<(int parameter, string name, Tensor value)>();
                foreach (var (key, value) in state)
                {
                    var parts = key.Split('.');
                    if (parts.Length == 3 && parts[0] == "group" && int.TryParse(parts[1], out var gi) && gi >= 0 && gi < _groups.Count && parts[2] == "lr")
                        lrs.Add((gi, value.item()));
                    else if (parts.Length == 3 && parts[0] == "state" && int.TryParse(parts[1], out var pi) && pi >= 0 && pi < all.Count)
                    {
                        // Per-element state (moments, momentum) has the parameter's shape; counters are 0-d.
                        if (value.dim() != 0 && !value.shape.AsSpan().SequenceEqual(all[pi].shape))
                            throw new ArgumentException($"Optimizer state entry \"{key}\" has shape {Tensor.FormatShape(value.shape)} but parameter {pi} " +
                                                        $"has shape {Tensor.FormatShape(all[pi].shape)}: the state dict belongs to an optimizer over other parameters.", nameof(state));
                        entries.Add((pi, parts[2], value));
                    }
                    else
                        throw new ArgumentException($"Optimizer state entry \"{key}\" does not belong to this optimizer ({all.Count} parameters, {_groups.Count} groups).", nameof(state));
                }
                foreach (var s in _state.Values)
                foreach (var t in s.Values) t.Dispose();
                _state.Clear();
                foreach (var (gi, lr) in lrs) _groups[gi].lr = lr;
                foreach (var (pi, name, value) in entries) State(all[pi])[name] = value.clone().DetachFromDisposeScope();
            }

            public void Dispose()
            {
                foreach (var s in _state.Values)
                foreach (var t in s.Values) t.Dispose();
                _state.Clear();
                GC.SuppressFinalize(this);
            }

            protected static IEnumerable<ParamGroup> OneGroup(IEnumerable<Tensor> parameters) => new[] { new ParamGroup(parameters) };
        }
    }
}
