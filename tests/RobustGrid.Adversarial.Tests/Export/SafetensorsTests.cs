using System.Buffers.Binary;
using System.Text.Json;
using RobustGrid.Adversarial.Export;
using RobustGrid.Adversarial.Tests.Fixtures;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Export;

[Collection(TrainedClassifierCollection.Name)]
public sealed class SafetensorsTests(TrainedClassifierFixture fixture)
{
    [Fact]
    public void A_model_round_trips_with_pytorch_parameter_names()
    {
        var path = Path.Combine(Path.GetTempPath(), $"robustgrid-{Guid.NewGuid():N}.safetensors");
        try
        {
            var state = fixture.Model.state_dict();
            Safetensors.Write(path, state, new Dictionary<string, string> { ["architecture"] = "small-cnn" });

            var bytes = File.ReadAllBytes(path);
            var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0, headerLength % 8);
            using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            var names = header.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").Order().ToArray();
            Assert.Equal(["conv1.bias", "conv1.weight", "conv2.bias", "conv2.weight", "fc.bias", "fc.weight"], names);
            Assert.Equal([16, 1, 3, 3], header.RootElement.GetProperty("conv1.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            var lastEnd = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
                .Max(p => p.Value.GetProperty("data_offsets")[1].GetInt64());
            Assert.Equal(bytes.LongLength, 8 + headerLength + lastEnd);

            var read = Safetensors.Read(path);
            foreach (var (name, tensor) in state)
                Assert.True(read[name].eq(tensor).all().item<bool>(), $"{name} differs");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
