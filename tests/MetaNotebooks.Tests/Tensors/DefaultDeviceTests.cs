using MetaNotebooks.Algorithms.Reinforcement;
using MetaNotebooks.Data;
using MetaNotebooks.Tensors;

namespace MetaNotebooks.Tests;

/// <summary>
/// On a GPU the notebooks make the run's device TorchSharp's default (<c>Course.Setup</c>), so that their own tensors
/// meet the learners' there. What the library reads on the host must then stay on the CPU: tensor files, random draws
/// from a CPU generator, the policy's CPU initialisation. Checked with libtorch's lazy device as the default.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class DefaultDeviceTests
{
    [Fact]
    public void Host_side_tensors_stay_on_the_CPU_when_another_device_is_the_default()
    {
        var previous = get_default_device();
        var path = Path.Combine(Path.GetTempPath(), $"metanb-default-device-{Guid.NewGuid():N}.bin");
        set_default_device(LazyDevice.Device);
        try
        {
            using var scope = NewDisposeScope();
            var made = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
            Assert.True(LazyDevice.On(made), "the default device is the lazy one");
            TensorFile.Save(new Dictionary<string, Tensor> { ["x"] = made }, path);
            var loaded = TensorFile.Load(path)["x"];
            Assert.Equal(DeviceType.CPU, loaded.device.type);
            Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, loaded.data<float>().ToArray());

            var random = new Generator(7);
            Assert.Equal(DeviceType.CPU, new Navigation2D().Sample(3, random).device.type);
            Assert.Equal(DeviceType.CPU, new GoalDirection().Sample(3, random).device.type);
            using var policy = new GaussianMlpPolicy(hidden: [4]);
            Assert.All(policy.parameters(), p => Assert.Equal(DeviceType.CPU, p.device.type));
        }
        finally
        {
            set_default_device(previous);
            File.Delete(path);
        }
    }
}
