using System.Security.Cryptography;
using static MetaNotebooks.Torch.torch;

namespace MetaNotebooks.Torch.Tests;

/// <summary>A short seeded training run whose result is summarised by a hash, to compare runs bit for bit.</summary>
internal static class SeededTraining
{
    /// <summary>
    /// Seeds libtorch, builds a small Conv4, trains it for a few Adam steps on random batches (with dropout on the
    /// features and a randperm shuffle), and hashes the losses and the final parameters and buffers (SHA-256, hex).
    /// </summary>
    internal static string Hash(long seed, int steps = 12)
    {
        manual_seed(seed);
        using var net = Conv4.Create(filters: 8, classes: 5);
        using var optimizer = new optim.Adam(net.parameters(), lr: 1e-2);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn(6, 1, 28, 28);
            var order = randperm(6);
            var y = randint(0, 5, new long[] { 6 }).index_select(0, order);
            var features = net.forward(x);
            var logits = nn.functional.dropout(features, 0.2);
            var loss = nn.functional.cross_entropy(logits, y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            sha.AppendData(BitConverter.GetBytes(loss.data<float>()[0]));
        }
        foreach (var (_, t) in net.state_dict())
        {
            using (t) sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.data<float>().AsSpan()));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
