// Reference solutions of notebook 16 (Meta-reinforcement learning): one section per exercise, each replacing its stub.
//| exercise 1
double[] DiscountedByLoop(double[] rewards, double gamma)
{
    var returns = new double[rewards.Length];
    var running = 0.0;
    for (var t = rewards.Length - 1; t >= 0; t--)
    {
        running = rewards[t] + gamma * running;
        returns[t] = running;
    }
    return returns;
}

//| exercise 2
double PretrainedOneStep(double alpha)
{
    using var result = MamlRl.Adapt(pretrained.Policy, pretrained.Environment, navigationTasks, TestTrajectories, 1, alpha, pretrained.Options.Discount, TestSeed);
    return result.AverageReturns()[1];
}
double[]? stepSizes = [0.05, 0.2, 0.5];
