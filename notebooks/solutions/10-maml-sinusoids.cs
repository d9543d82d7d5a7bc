// Reference solutions of notebooks/10-maml-sinusoids.ipynb: each section replaces the stub cell with the same //| exercise line.
//| exercise 1
clock.Restart();
torch.manual_seed(0);
SinusoidRegressor fomaml = new SinusoidRegressor(innerLearningRate: alpha);
for (var step = 0; step < metaSteps; step++)
{
    using var b = tasks.Batch(TrainSeed, step, tasks: 25, shots: 10, queries: 10);
    fomaml.MetaTrainStep(b, firstOrder: true);
}
var foPerStep = clock.Elapsed.TotalMilliseconds / metaSteps;
