namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Parameter initialisation used by the layers (PyTorch's defaults).</summary>
        internal static class Init
        {
            internal static Parameter Uniform(long[] shape, double bound, ScalarType? dtype, Device? device)
            {
                using var t = empty(shape, dtype, device);
                using (no_grad()) t.uniform_(-bound, bound);
                return new Parameter(t);
            }

            internal static Parameter Constant(long[] shape, double value, ScalarType? dtype, Device? device)
            {
                using var t = full(shape, value, dtype, device);
                return new Parameter(t);
            }
        }
    }
}
