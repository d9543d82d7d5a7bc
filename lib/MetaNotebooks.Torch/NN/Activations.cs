namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>max(x, 0) as a module, for Sequential.</summary>
        public sealed class ReLU : Module<Tensor, Tensor>
        {
            protected internal override Tensor Forward(Tensor input, ParameterView p) => input.relu();
        }

        /// <summary>2-D max pooling as a module, for Sequential.</summary>
        public sealed class MaxPool2d : Module<Tensor, Tensor>
        {
            public long kernel_size { get; }

            public MaxPool2d(long kernel_size) => this.kernel_size = kernel_size;

            protected internal override Tensor Forward(Tensor input, ParameterView p) => functional.max_pool2d(input, kernel_size);
        }

        /// <summary>Flattens dims start_dim..end_dim as a module, for Sequential.</summary>
        public sealed class Flatten : Module<Tensor, Tensor>
        {
            public long start_dim { get; }
            public long end_dim { get; }

            public Flatten(long start_dim = 1, long end_dim = -1) => (this.start_dim, this.end_dim) = (start_dim, end_dim);

            protected internal override Tensor Forward(Tensor input, ParameterView p) => input.flatten(start_dim, end_dim);
        }
    }
}
