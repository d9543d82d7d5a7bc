using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A learnable tensor of a module: a leaf that requires grad, owned by its module (never by a dispose scope).
        /// </summary>
        public sealed class Parameter : Tensor
        {
            /// <summary>Makes a parameter holding data's values (sharing its storage, cut from any graph).</summary>
            public Parameter(Tensor data, bool requires_grad = true) : base(LibTorch.mn_detach(data.Handle))
            {
                DetachFromDisposeScope();
                this.requires_grad = requires_grad;
            }

            /// <summary>Replaces the values in place, keeping this parameter's identity (optimizers keep working).</summary>
            public void set_data(Tensor data) => TorchException.Check(LibTorch.mn_set_data(Handle, data.Handle));
        }
    }
}
