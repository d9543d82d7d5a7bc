namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// Checks the gradients autograd computes for <paramref name="func"/> against central finite differences, as
        /// torch.autograd.gradcheck: for every input that requires grad (float64 only) and every output, the whole
        /// Jacobian d(output)/d(input) from backward passes is compared with (f(x + eps) - f(x - eps)) / (2 eps), element
        /// by element, and must satisfy |analytical - numerical| &lt;= atol + rtol * |numerical|. Inputs that do not require
        /// grad (index tensors, masks) are passed through unchanged. Avoid points where func is not differentiable (a kink
        /// of relu or abs within eps, a tie in max). Costs two calls of func per input element and one backward pass per
        /// output element, so use small inputs.
        /// </summary>
        /// <returns>The errors and the worst Jacobian entry. With <paramref name="raise_exception"/> (the default), a failed
        /// check throws a <see cref="GradcheckException"/> naming the input and element instead.</returns>
        public static GradcheckResult gradcheck(Func<Tensor[], Tensor> func, IReadOnlyList<Tensor> inputs,
            double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true) =>
            gradcheck(x => new[] { func(x) }, inputs, eps, atol, rtol, raise_exception);

        /// <summary>gradcheck for a function with several outputs (every floating-point output is checked).</summary>
        public static GradcheckResult gradcheck(Func<Tensor[], Tensor[]> func, IReadOnlyList<Tensor> inputs,
            double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true) =>
            Raise(CompareJacobians("gradcheck", func, inputs, i => $"input {i}", o => $"output {o}", eps, atol, rtol), raise_exception);

        /// <summary>
        /// Checks second-order gradients, as torch.autograd.gradgradcheck: the first derivative
        /// g(inputs, grad_outputs) = autograd.grad(func(inputs), inputs, grad_outputs, create_graph: true) is itself checked
        /// with gradcheck, with respect to the inputs and to the grad_outputs. <paramref name="grad_outputs"/> defaults to random normal tensors
        /// (from the global generator: seed it with torch.manual_seed), one per floating-point output that requires grad.
        /// An input the first derivative does not depend on (a piecewise-linear op such as relu or max_pool2d) must then
        /// have a zero second derivative, which finite differences confirm.
        /// </summary>
        /// <returns>As gradcheck; inputs are named "input i" and "grad_outputs[j]", outputs "d(outputs)/d(input i)".</returns>
        public static GradcheckResult gradgradcheck(Func<Tensor[], Tensor> func, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? grad_outputs = null,
            double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true) =>
            gradgradcheck(x => new[] { func(x) }, inputs, grad_outputs, eps, atol, rtol, raise_exception);

        /// <summary>gradgradcheck for a function with several outputs (one grad_output per differentiable output).</summary>
        public static GradcheckResult gradgradcheck(Func<Tensor[], Tensor[]> func, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? grad_outputs = null,
            double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
        {
            var n = inputs.Count;
            var wrt = Enumerable.Range(0, n).Where(i => inputs[i].requires_grad).ToArray();
            using var scope = NewDisposeScope();
            using var grad_mode = enable_grad();
            grad_outputs ??= DifferentiableOutputs(func(inputs.ToArray())).Select(o => randn_like(o).requires_grad_()).ToArray();

            Tensor[] FirstDerivative(Tensor[] all)
            {
                var x = all[..n];
                var outputs = DifferentiableOutputs(func(x));
                if (outputs.Length != all.Length - n)
                    throw new ArgumentException($"gradgradcheck: the function has {outputs.Length} differentiable outputs but {all.Length - n} " +
                                                "grad_outputs were given.", nameof(grad_outputs));
                var at = wrt.Select(i => x[i]).ToArray();
                var grads = grad(outputs, at, all[n..], retain_graph: true, create_graph: true, allow_unused: true);
                return grads.Select((g, k) => g ?? zeros_like(at[k])).ToArray();
            }

            var result = CompareJacobians("gradgradcheck", FirstDerivative, inputs.Concat(grad_outputs).ToArray(),
                i => i < n ? $"input {i}" : $"grad_outputs[{i - n}]", o => $"d(outputs)/d(input {(o < wrt.Length ? wrt[o] : o)})", eps, atol, rtol);
            return Raise(result, raise_exception);
        }

        private static GradcheckResult Raise(GradcheckResult result, bool raise_exception) =>
            raise_exception && !result.Passed ? throw new GradcheckException(result) : result;

        private static Tensor[] DifferentiableOutputs(Tensor[] outputs) =>
            outputs.Where(o => o.dtype.IsFloatingPoint() && o.requires_grad).ToArray();

        /// <summary>Compares every Jacobian d(output o)/d(input i) from autograd with central finite differences.</summary>
        private static GradcheckResult CompareJacobians(string check, Func<Tensor[], Tensor[]> func, IReadOnlyList<Tensor> inputs,
            Func<int, string> inputName, Func<int, string> outputName, double eps, double atol, double rtol)
        {
            if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{check}: eps must be positive.");
            if (!(atol >= 0) || !(rtol >= 0)) throw new ArgumentOutOfRangeException(nameof(atol), $"{check}: atol and rtol must be non-negative.");
            var x = inputs.ToArray();
            var wrt = Enumerable.Range(0, x.Length).Where(i => x[i].requires_grad).ToArray();
            if (wrt.Length == 0)
                throw new ArgumentException($"{check}: no input requires grad, so there is nothing to check; create the inputs with requires_grad: true.", nameof(inputs));
            foreach (var i in wrt)
                if (x[i].dtype != ScalarType.Float64)
                    throw new ArgumentException($"{check}: {inputName(i)} is {x[i].dtype.Name()}, but finite differences need float64 inputs " +
                                                "(in float32 rounding swamps the tolerance); convert with .to(torch.float64).", nameof(inputs));

            using var scope = NewDisposeScope();
            using var grad_mode = enable_grad();
            var outputs = func(x);
            var outs = Enumerable.Range(0, outputs.Length).Where(o => outputs[o].dtype.IsFloatingPoint()).ToArray();
            var analytical = AnalyticalJacobians(outputs, outs, x, wrt);
            var numerical = NumericalJacobians(func, x, wrt, outputs, outs, eps);

            double maxAbs = 0, maxRel = 0, maxDerivative = 0, worstRatio = -1;
            long entries = 0;
            JacobianEntry? worst = null;
            foreach (var o in outs)
            foreach (var i in wrt)
            {
                var (a, num) = (analytical[o][i], numerical[o][i]);
                var inNumel = x[i].numel();
                for (var e = 0; e < a.Length; e++)
                {
                    var diff = Math.Abs(a[e] - num[e]);
                    if (double.IsNaN(diff)) diff = double.PositiveInfinity;
                    var ratio = diff / (atol + rtol * Math.Abs(num[e]));
                    maxAbs = Math.Max(maxAbs, diff);
                    maxRel = Math.Max(maxRel, diff / (Math.Abs(num[e]) + atol));
                    maxDerivative = Math.Max(maxDerivative, Math.Abs(num[e]));
                    entries++;
                    if (ratio > worstRatio || double.IsNaN(ratio))
                    {
                        worstRatio = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
                        worst = new JacobianEntry(i, inputName(i), unravel_index(e % inNumel, x[i].shape), o, outputName(o),
                            unravel_index(e / inNumel, outputs[o].shape), a[e], num[e]);
                    }
                }
            }
            return new GradcheckResult(check, worstRatio <= 1, maxAbs, maxRel, entries, maxDerivative, worst, eps, atol, rtol);
        }

        /// <summary>[output][input] -> row-major [numel(output), numel(input)], one backward pass per output element.</summary>
        private static double[][][] AnalyticalJacobians(Tensor[] outputs, int[] outs, Tensor[] x, int[] wrt)
        {
            var jacobians = new double[outputs.Length][][];
            var at = wrt.Select(i => x[i]).ToArray();
            foreach (var o in outs)
            {
                var output = outputs[o];
                var rows = output.numel();
                jacobians[o] = new double[x.Length][];
                foreach (var i in wrt) jacobians[o][i] = new double[rows * x[i].numel()];
                if (!output.requires_grad) continue;
                var oneHot = new double[rows];
                for (var k = 0; k < rows; k++)
                {
                    using var step = NewDisposeScope();
                    oneHot[k] = 1;
                    var grad_output = tensor(oneHot, output.shape, output.dtype, output.device);
                    oneHot[k] = 0;
                    var grads = grad(new[] { output }, at, new[] { grad_output }, retain_graph: true, allow_unused: true);
                    for (var w = 0; w < wrt.Length; w++)
                    {
                        if (grads[w] is not { } g) continue;
                        var values = g.data<double>();
                        Array.Copy(values, 0, jacobians[o][wrt[w]], k * values.LongLength, values.LongLength);
                    }
                }
            }
            return jacobians;
        }

        /// <summary>[output][input] -> row-major [numel(output), numel(input)], two calls of func per input element.</summary>
        private static double[][][] NumericalJacobians(Func<Tensor[], Tensor[]> func, Tensor[] x, int[] wrt, Tensor[] outputs, int[] outs, double eps)
        {
            var jacobians = new double[outputs.Length][][];
            foreach (var o in outs)
            {
                jacobians[o] = new double[x.Length][];
                foreach (var i in wrt) jacobians[o][i] = new double[outputs[o].numel() * x[i].numel()];
            }
            foreach (var i in wrt)
            {
                var values = x[i].data<double>();
                var columns = values.LongLength;
                for (long j = 0; j < columns; j++)
                {
                    var original = values[j];
                    values[j] = original + eps;
                    var plus = Evaluate(func, x, i, values, outputs, outs);
                    values[j] = original - eps;
                    var minus = Evaluate(func, x, i, values, outputs, outs);
                    values[j] = original;
                    foreach (var o in outs)
                        for (long k = 0; k < plus[o].LongLength; k++)
                            jacobians[o][i][k * columns + j] = (plus[o][k] - minus[o][k]) / (2 * eps);
                }
            }
            return jacobians;
        }

        /// <summary>The outputs of func (as float64 values) with input i replaced by the given values.</summary>
        private static double[][] Evaluate(Func<Tensor[], Tensor[]> func, Tensor[] x, int i, double[] values, Tensor[] reference, int[] outs)
        {
            using var scope = NewDisposeScope();
            var args = (Tensor[])x.Clone();
            args[i] = tensor(values, x[i].shape, x[i].dtype, x[i].device, requires_grad: true);
            var outputs = func(args);
            if (outputs.Length != reference.Length)
                throw new InvalidOperationException($"The function returned {reference.Length} outputs, then {outputs.Length}: it must be deterministic.");
            var result = new double[reference.Length][];
            foreach (var o in outs)
            {
                if (!outputs[o].shape.AsSpan().SequenceEqual(reference[o].shape))
                    throw new InvalidOperationException($"Output {o} had shape {Tensor.FormatShape(reference[o].shape)}, then " +
                                                        $"{Tensor.FormatShape(outputs[o].shape)}: the function must be deterministic.");
                result[o] = outputs[o].data<double>();
            }
            return result;
        }
    }
}
