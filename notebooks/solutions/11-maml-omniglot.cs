// Reference solutions of notebooks/11-maml-omniglot.ipynb: each section replaces the stub cell with the same //| exercise line.
//| exercise 1
var twoStepConfig = config with { InnerSteps = 2, Steps = 5, ValidateEvery = 1000 };
torch.manual_seed(twoStepConfig.Seed);
var twoStep = (Maml)Learners.Create(twoStepConfig, split);
MetaTrainer twoTrainer = new MetaTrainer(twoStep, omniglot, new Experiment(twoStepConfig, omniglot.Classes));
twoTrainer.Run();

//| exercise 2
double FirstOrderMetaStep(Conv4 network, TaskBatch batch, int innerSteps, double alpha)
{
    var thetaParams = network.parameters().ToArray();
    var metaLoss = 0.0;
    for (var t = 0; t < batch.Tasks; t++)
    {
        using var taskScope = NewDisposeScope();
        IReadOnlyList<Tensor> fastWeights = thetaParams.Select(p => p.unsqueeze(0).expand([1, .. p.shape])).ToArray();
        for (var k = 0; k < innerSteps; k++)
        {
            var supportLoss = F.cross_entropy(Logits(network, batch.SupportImages[t], fastWeights), batch.SupportLabels[t]);
            var grads = Gradients.Of(supportLoss, fastWeights, createGraph: false);   // a constant: no second derivatives
            fastWeights = fastWeights.Select((w, i) => w - alpha * grads[i]).ToArray();
        }
        var queryLoss = F.cross_entropy(Logits(network, batch.QueryImages[t], fastWeights), batch.QueryLabels[t]);
        (queryLoss * (1.0 / batch.Tasks)).backward();
        metaLoss += queryLoss.ToDouble() * 1 / batch.Tasks;
    }
    return metaLoss;
}
