// Reference solutions of notebook 14 (Learning to learn by gradient descent by gradient descent): one section per exercise, each replacing its stub.
//| exercise 1
double[] NagRun(Optimizee problem, double lr, int steps)
{
    var losses = new double[steps + 1];
    var th = problem.Start.Select(t => t.detach().clone()).ToArray();
    var v = th.Select(t => zeros_like(t)).ToArray();
    for (var t = 0; t <= steps; t++)
    {
        using var scope = NewDisposeScope();
        var g = Unroll.Gradient(problem, th, t, out losses[t]);   // flat gradient [n]; the loss at theta_t
        if (t == steps) break;
        var pieces = g.split(th.Select(p => p.numel()).ToArray());
        using var noGrad = no_grad();
        for (var i = 0; i < th.Length; i++)
        {
            var gi = pieces[i].view(th[i].shape);
            v[i].mul_(0.9).add_(gi);
            th[i].sub_(lr * (gi + 0.9 * v[i]));
        }
    }
    return losses;
}

//| exercise 2
Optimizee steeper = new Optimizee(test.Start.Select(t => t.clone()).ToArray(), p => 100 * test.Loss(p));
double? adamSteeper = tuned[BaselineKind.Adam].Best.Run(steeper, Steps)[Steps] / 100;
