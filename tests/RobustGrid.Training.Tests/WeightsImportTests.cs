using System.Security.Cryptography;
using System.Text.Json;
using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Interop;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

public sealed class WeightsImportTests
{
    [Fact]
    public void WeightsThatDoNotFitAreRefusedListingEveryWrongTensorAndNothingIsLoaded()
    {
        var folder = TestData.NewScratchFolder("import-");
        using var source = SeededConstruction.Build(1, () => ModelFactory.Create("resnet18", 3, 10, 32));
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>(source.state_dict());
        state.Remove("linear.bias");
        state["extra.weight"] = zeros(3);
        state["conv1.weight"] = zeros(64, 3, 5, 5);
        var weights = Path.Combine(folder, "bad.safetensors");
        StateDictFile.Write(weights, WeightsFormat.Safetensors, state, new Dictionary<string, string>());

        var run = Path.Combine(folder, "run");
        var error = Assert.Throws<WeightsMismatchException>(
            () => WeightsImport.Import(new ImportRequest("resnet18", weights, "cifar10"), run));
        Assert.Equal(["linear.bias"], error.Missing);
        Assert.Equal(["extra.weight"], error.Unexpected);
        Assert.Equal(["conv1.weight is [64, 3, 5, 5] in the file, [64, 3, 3, 3] in the model"], error.WrongShape);
        Assert.Contains("nothing was loaded", error.Message);
        Assert.False(File.Exists(Path.Combine(run, CheckpointFile.FileName)));

        using var target = SeededConstruction.Build(2, () => ModelFactory.Create("resnet18", 3, 10, 32));
        var before = target.state_dict()["layer1.0.conv1.weight"].clone();
        Assert.Throws<WeightsMismatchException>(() => StrictStateLoader.Load(target, StateDictFile.Read(weights)));
        Assert.True(before.equal(target.state_dict()["layer1.0.conv1.weight"]).all().item<bool>());
        Assert.False(before.equal(source.state_dict()["layer1.0.conv1.weight"]).all().item<bool>());
    }

    [Fact]
    public void PickledStateDictsWithoutBatchCountersOrWithADataParallelPrefixLoadAsInPyTorch()
    {
        var folder = TestData.NewScratchFolder("import-");
        using var source = SeededConstruction.Build(3, () => ModelFactory.Create("preact-resnet18", 3, 10, 32));
        using var scope = NewDisposeScope();
        var state = source.state_dict()
            .Where(p => !p.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(p => "module." + p.Key, p => p.Value);
        var weights = Path.Combine(folder, "old.pth");
        StateDictFile.Write(weights, WeightsFormat.Pickle, state, new Dictionary<string, string>());

        var run = Path.Combine(folder, "run");
        var metadata = WeightsImport.Import(new ImportRequest("preact-resnet18", weights, "cifar10"), run);

        using var imported = TrainedModel.Load(CheckpointFile.Resolve(run), MethodRegistry.Create, CPU);
        var loaded = imported.Module.state_dict();
        Assert.True(loaded["layer3.1.conv2.weight"].equal(source.state_dict()["layer3.1.conv2.weight"]).all()
            .item<bool>());
        Assert.Equal(0, loaded["layer1.0.bn1.num_batches_tracked"].item<long>());
        Assert.Equal("pretrained", metadata.Config.Method);
        Assert.Equal("pt", metadata.Imported!.Format);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weights))), metadata.Imported.Sha256);
        Assert.Equal([0.0, 0.0, 0.0], imported.Normalization.Mean);
        Assert.Equal([1.0, 1.0, 1.0], imported.Normalization.Std);
    }

    [Fact]
    public void ExportedSafetensorsSayWhatTheyHoldAndImportAgain()
    {
        var folder = TestData.NewScratchFolder("export-");
        using var source = SeededConstruction.Build(4, () => ModelFactory.Create("small-cnn", 1, 10, 28));
        var weights = Path.Combine(folder, "small.pt");
        StateDictFile.Write(weights, WeightsFormat.Pickle, source.state_dict(), new Dictionary<string, string>());
        var run = Path.Combine(folder, "run");
        WeightsImport.Import(new ImportRequest("small-cnn", weights, "fashion-mnist",
            Normalization: WeightsImport.ParseNormalization("0.25,0.5")), run);

        var exported = CheckpointExport.Export(run, WeightsFormat.Safetensors, target: null, MethodRegistry.Create);

        var bytes = File.ReadAllBytes(exported);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)BitConverter.ToUInt64(bytes, 0)));
        var described = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("small-cnn", described.GetProperty("model").GetString());
        Assert.Equal("10", described.GetProperty("classes").GetString());
        Assert.Equal("fashion-mnist", described.GetProperty("dataset").GetString());
        Assert.Equal("0.25", described.GetProperty("normalization_mean").GetString());
        Assert.Equal("0.5", described.GetProperty("normalization_std").GetString());
        var again = WeightsImport.Import(new ImportRequest("small-cnn", exported, "fashion-mnist"),
            Path.Combine(folder, "again"));
        Assert.Equal("safetensors", again.Imported!.Format);
        using var reimported =
            TrainedModel.Load(CheckpointFile.Resolve(Path.Combine(folder, "again")), MethodRegistry.Create, CPU);
        Assert.True(reimported.Module.state_dict()["fc1.weight"].equal(source.state_dict()["fc1.weight"]).all()
            .item<bool>());
    }

    [Theory]
    [InlineData("0.5", "normalization '0.5'")]
    [InlineData("0.5,0", "positive")]
    public void BadNormalizationsAreClearErrors(string text, string expected) =>
        Assert.Contains(expected,
            Assert.Throws<ArgumentException>(() => WeightsImport.ParseNormalization(text)).Message);
}
