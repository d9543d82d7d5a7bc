using MetaNotebooks.Torch.Native;

namespace MetaNotebooks.Torch;

// Arithmetic (operators and methods), elementwise math, in-place updates.
// A long scalar keeps an integer tensor integral (x + 1); a double scalar promotes it to float (x + 1.0), as in PyTorch.
public partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => new(LibTorch.mn_add(a.Handle, b.Handle, 1));
    public static Tensor operator -(Tensor a, Tensor b) => new(LibTorch.mn_sub(a.Handle, b.Handle, 1));
    public static Tensor operator *(Tensor a, Tensor b) => new(LibTorch.mn_mul(a.Handle, b.Handle));
    public static Tensor operator /(Tensor a, Tensor b) => new(LibTorch.mn_div(a.Handle, b.Handle));
    public static Tensor operator -(Tensor a) => new(LibTorch.mn_neg(a.Handle));

    public static Tensor operator +(Tensor a, double b) => new(LibTorch.mn_add_scalar(a.Handle, b, 0));
    public static Tensor operator +(double a, Tensor b) => b + a;
    public static Tensor operator -(Tensor a, double b) => new(LibTorch.mn_sub_scalar(a.Handle, b, 0));
    public static Tensor operator -(double a, Tensor b) => new(LibTorch.mn_rsub_scalar(b.Handle, a, 0));
    public static Tensor operator *(Tensor a, double b) => new(LibTorch.mn_mul_scalar(a.Handle, b, 0));
    public static Tensor operator *(double a, Tensor b) => b * a;
    public static Tensor operator /(Tensor a, double b) => new(LibTorch.mn_div_scalar(a.Handle, b, 0));
    public static Tensor operator /(double a, Tensor b) => new(LibTorch.mn_rdiv_scalar(b.Handle, a, 0));
    public static Tensor operator %(Tensor a, double b) => new(LibTorch.mn_remainder_scalar(a.Handle, b, 0));

    public static Tensor operator +(Tensor a, long b) => new(LibTorch.mn_add_scalar(a.Handle, b, 1));
    public static Tensor operator +(long a, Tensor b) => b + a;
    public static Tensor operator -(Tensor a, long b) => new(LibTorch.mn_sub_scalar(a.Handle, b, 1));
    public static Tensor operator -(long a, Tensor b) => new(LibTorch.mn_rsub_scalar(b.Handle, a, 1));
    public static Tensor operator *(Tensor a, long b) => new(LibTorch.mn_mul_scalar(a.Handle, b, 1));
    public static Tensor operator *(long a, Tensor b) => b * a;
    public static Tensor operator /(Tensor a, long b) => new(LibTorch.mn_div_scalar(a.Handle, b, 1));
    public static Tensor operator /(long a, Tensor b) => new(LibTorch.mn_rdiv_scalar(b.Handle, a, 1));
    public static Tensor operator %(Tensor a, long b) => new(LibTorch.mn_remainder_scalar(a.Handle, b, 1));

    public Tensor add(Tensor other, double alpha = 1) => new(LibTorch.mn_add(Handle, other.Handle, alpha));
    public Tensor sub(Tensor other, double alpha = 1) => new(LibTorch.mn_sub(Handle, other.Handle, alpha));
    public Tensor mul(Tensor other) => this * other;
    public Tensor div(Tensor other) => this / other;
    public Tensor neg() => -this;
    public Tensor pow(Tensor exponent) => new(LibTorch.mn_pow(Handle, exponent.Handle));
    public Tensor pow(double exponent) => new(LibTorch.mn_pow_scalar(Handle, exponent, 0));
    public Tensor pow(long exponent) => new(LibTorch.mn_pow_scalar(Handle, exponent, 1));
    /// <summary>Integer division rounding down, as x // v.</summary>
    public Tensor floor_divide(long v) => new(LibTorch.mn_floor_divide_scalar(Handle, v, 1));
    public Tensor maximum(Tensor other) => new(LibTorch.mn_maximum(Handle, other.Handle));
    public Tensor minimum(Tensor other) => new(LibTorch.mn_minimum(Handle, other.Handle));

    public Tensor exp() => new(LibTorch.mn_exp(Handle));
    public Tensor log() => new(LibTorch.mn_log(Handle));
    public Tensor log1p() => new(LibTorch.mn_log1p(Handle));
    public Tensor sqrt() => new(LibTorch.mn_sqrt(Handle));
    public Tensor rsqrt() => new(LibTorch.mn_rsqrt(Handle));
    public Tensor abs() => new(LibTorch.mn_abs(Handle));
    public Tensor sign() => new(LibTorch.mn_sign(Handle));
    public Tensor sin() => new(LibTorch.mn_sin(Handle));
    public Tensor cos() => new(LibTorch.mn_cos(Handle));
    public Tensor floor() => new(LibTorch.mn_floor(Handle));
    public Tensor ceil() => new(LibTorch.mn_ceil(Handle));
    public Tensor round() => new(LibTorch.mn_round(Handle));
    public Tensor reciprocal() => new(LibTorch.mn_reciprocal(Handle));
    public Tensor sigmoid() => new(LibTorch.mn_sigmoid(Handle));
    public Tensor tanh() => new(LibTorch.mn_tanh(Handle));
    public Tensor relu() => new(LibTorch.mn_relu(Handle));
    public Tensor square() => pow(2L);
    public Tensor isnan() => new(LibTorch.mn_isnan(Handle));
    public Tensor isfinite() => new(LibTorch.mn_isfinite(Handle));

    /// <summary>Limits values to [min, max]; a null bound is no bound.</summary>
    public Tensor clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp needs at least one of min and max.");
        return new(LibTorch.mn_clamp(Handle, min ?? double.NaN, max ?? double.NaN));
    }

    public Tensor clamp_min(double min) => clamp(min, null);
    public Tensor clamp_max(double max) => clamp(null, max);

    public Tensor matmul(Tensor other) => new(LibTorch.mn_matmul(Handle, other.Handle));
    public Tensor mm(Tensor other) => new(LibTorch.mn_mm(Handle, other.Handle));
    public Tensor bmm(Tensor other) => new(LibTorch.mn_bmm(Handle, other.Handle));
    public Tensor outer(Tensor other) => new(LibTorch.mn_outer(Handle, other.Handle));

    // ---- in place (optimizers; not for tensors that autograd needs) ----
    public Tensor add_(Tensor other, double alpha = 1) => Done(LibTorch.mn_add_(Handle, other.Handle, alpha));
    public Tensor add_(double value) => Done(LibTorch.mn_add_scalar_(Handle, value));
    public Tensor sub_(Tensor other, double alpha = 1) => Done(LibTorch.mn_sub_(Handle, other.Handle, alpha));
    public Tensor mul_(Tensor other) => Done(LibTorch.mn_mul_(Handle, other.Handle));
    public Tensor mul_(double value) => Done(LibTorch.mn_mul_scalar_(Handle, value));
    public Tensor div_(Tensor other) => Done(LibTorch.mn_div_(Handle, other.Handle));
    public Tensor addcmul_(Tensor a, Tensor b, double value = 1) => Done(LibTorch.mn_addcmul_(Handle, a.Handle, b.Handle, value));
    public Tensor addcdiv_(Tensor a, Tensor b, double value = 1) => Done(LibTorch.mn_addcdiv_(Handle, a.Handle, b.Handle, value));
    public Tensor lerp_(Tensor end, double weight) => Done(LibTorch.mn_lerp_(Handle, end.Handle, weight));
    public Tensor copy_(Tensor src) => Done(LibTorch.mn_copy_(Handle, src.Handle));
    public Tensor zero_() => Done(LibTorch.mn_zero_(Handle));
    public Tensor fill_(double value) => Done(LibTorch.mn_fill_(Handle, value));
    public Tensor clamp_(double? min = null, double? max = null) => Done(LibTorch.mn_clamp_(Handle, min ?? double.NaN, max ?? double.NaN));
    public Tensor uniform_(double from = 0, double to = 1) => Done(LibTorch.mn_uniform_(Handle, from, to));
    public Tensor normal_(double mean = 0, double std = 1) => Done(LibTorch.mn_normal_(Handle, mean, std));

    private Tensor Done(int status)
    {
        TorchException.Check(status);
        return this;
    }
}
