using System.Text.Json;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Interop;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using TorchSharp;

namespace RobustGrid.Training.Tests;

public sealed class ExportAndRuntimeTests
{
    [Fact]
    public void SafetensorsHeaderAndDataDescribeEveryTensor()
    {
        using var model = ModelFactory.Create("small-cnn", 1, 10, 28);
        var path = Path.Combine(TestData.NewScratchFolder(), "model.safetensors");
        var state = model.state_dict();
        SafetensorsWriter.Write(path, state.Select(p => (p.Key, p.Value)),
            new Dictionary<string, string> { ["model"] = "small-cnn" });

        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var dataStart = 8 + headerLength;
        Assert.Equal("small-cnn", header.RootElement.GetProperty("__metadata__").GetProperty("model").GetString());
        foreach (var (name, tensor) in state)
        {
            var entry = header.RootElement.GetProperty(name);
            Assert.Equal(tensor.shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            if (tensor.dtype == torch.ScalarType.Float32)
            {
                Assert.Equal("F32", entry.GetProperty("dtype").GetString());
                var stored = new float[(offsets[1] - offsets[0]) / 4];
                Buffer.BlockCopy(bytes, (int)(dataStart + offsets[0]), stored, 0, stored.Length * 4);
                Assert.Equal(tensor.data<float>().ToArray(), stored);
            }
        }
        Assert.Equal(bytes.Length, dataStart + header.RootElement.EnumerateObject()
            .Where(p => p.Name != "__metadata__").Max(p => p.Value.GetProperty("data_offsets")[1].GetInt64()));
    }

    [Fact]
    public void AFolderWithoutCudaLibrariesSaysWhatToSet()
    {
        var folder = TestData.NewScratchFolder();
        File.WriteAllText(Path.Combine(folder, "libc10.so"), "");
        var error = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.ValidateLibTorchFolder(folder));
        Assert.Contains("libtorch_cuda.so", error.Message);
        Assert.Contains("ROBUSTGRID_LIBTORCH", error.Message);
        Assert.Contains("torch/lib", error.Message);
    }

    [Fact]
    public void CudaWithoutAGpuIsAClearError()
    {
        if (torch.cuda.is_available()) return; // only meaningful on a machine without a GPU (CI)
        var error = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.ResolveDevice(DeviceChoice.Cuda));
        Assert.Contains("ROBUSTGRID_LIBTORCH", error.Message);
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice(DeviceChoice.Auto).type);
    }
}
