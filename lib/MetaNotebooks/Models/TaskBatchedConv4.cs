using MetaNotebooks.Torch;
using static MetaNotebooks.Torch.torch;
using F = MetaNotebooks.Torch.torch.nn.functional;

namespace MetaNotebooks.Models;

/// <summary>
/// Runs a <see cref="Conv4"/> (with head, batch norm on batch statistics) for T tasks at once, each task with its own
/// parameters: the tasks' images are laid side by side as channel groups, so one grouped convolution does the work of
/// T convolutions, and batch norm's per-channel statistics are per task. This is how MAML's inner loop runs all tasks of
/// a meta-batch in one pass (the loop over tasks is what the papers' code does; the results are the same).
/// </summary>
public static class TaskBatchedConv4
{
    /// <summary>
    /// Logits [T, B, classes] for images x [T, B, C, H, W], given per-task parameters [T, ...] in Conv4's parameter
    /// order (conv weight, conv bias, bn weight, bn bias) x 4, head weight, head bias.
    /// </summary>
    public static Tensor Forward(Tensor x, IReadOnlyList<Tensor> taskParameters, double eps = 1e-5)
    {
        if (taskParameters.Count != 18)
            throw new ArgumentException($"TaskBatchedConv4 takes Conv4's 18 parameters (4 blocks x 4, head weight and bias), got {taskParameters.Count}.", nameof(taskParameters));
        var s = x.shape;
        if (s.Length != 5) throw new ArgumentException($"TaskBatchedConv4 expects images [T, B, C, H, W], got {Tensor.FormatShape(s)}.", nameof(x));
        var (t, b) = (s[0], s[1]);
        using var scope = NewDisposeScope();
        // [T, B, C, H, W] -> [B, T*C, H, W]: task t's channels are group t.
        var h = x.transpose(0, 1).reshape(b, t * s[2], s[3], s[4]);
        for (var i = 0; i < 4; i++)
        {
            var (w, bias, gamma, beta) = (taskParameters[4 * i], taskParameters[4 * i + 1], taskParameters[4 * i + 2], taskParameters[4 * i + 3]);
            var ws = w.shape; // [T, out, in, 3, 3]
            h = F.conv2d(h, w.reshape(t * ws[1], ws[2], ws[3], ws[4]), bias.reshape(t * ws[1]), 1, 1, 1, t);
            h = F.batch_norm(h, null, null, gamma.reshape(t * ws[1]), beta.reshape(t * ws[1]), training: true, eps: eps);
            h = F.max_pool2d(h.relu(), 2);
        }
        // [B, T*D, h, w] -> [T, B, D*h*w]
        var hs = h.shape;
        var features = h.reshape(b, t, -1).transpose(0, 1);
        var logits = features.bmm(taskParameters[16].transpose(1, 2)) + taskParameters[17].unsqueeze(1);
        return scope.MoveToOuter(logits);
    }
}
