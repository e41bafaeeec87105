using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.NaTra;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

/// <summary>
/// Real Fashion-MNIST subsets, a small-cnn classifier trained for one epoch on 2,000 images, and a tiny NaTra stage
/// folder (GAN 6 epochs of 16 steps on 1,024 images), built once for all tests that need them.
/// </summary>
public sealed class SharedModels : IDisposable
{
    private readonly Lazy<string> _stages;

    public SharedModels()
    {
        TorchRuntime.Initialize();
        Folder = TestData.NewScratchFolder("tta-");
        var splits = TestData.Catalog.Load("fashion-mnist");
        Train = DeviceImageSet.Upload(splits.Train.Take(2048), CPU);
        Test = DeviceImageSet.Upload(splits.Test.Take(256), CPU);
        var run = Path.Combine(Folder, "erm");
        var config = new TrainingConfig
        {
            Dataset = "fashion-mnist",
            Epochs = 1,
            TrainLimit = 2000,
            TestLimit = 200,
            LearningRate = 0.05,
            Device = DeviceChoice.Cpu,
        };
        Trainer.Run(config, MethodRegistry.Create, run, catalog: TestData.Catalog);
        ClassifierPath = Path.Combine(run, CheckpointFile.FileName);
        _stages = new Lazy<string>(BuildStages);
    }

    public string Folder { get; }
    public DeviceImageSet Train { get; }
    public DeviceImageSet Test { get; }
    public string ClassifierPath { get; }

    /// <summary>A finished NaTra stage folder (stages 1 to 4) at toy scale.</summary>
    public string NaTraStages => _stages.Value;

    public static readonly NaTraOptions TinyNaTra = new()
    {
        GanWidth = 16,
        GanEpochs = 6,
        EncoderEpochs = 1,
        RefineSteps = 10,
        ExpansionSteps = 20,
        ExpansionImages = 64,
        Directions = 4,
        HeldOutImages = 64,
        MaxLabelFlip = 0.5,
    };

    private string BuildStages()
    {
        var stages = Path.Combine(Folder, "natra");
        using var classifier = TrainedModel.Load(ClassifierPath, MethodRegistry.Create, CPU);
        using var train = DeviceImageSet.Upload(TestData.Catalog.Load("fashion-mnist").Train.Take(1024), CPU);
        NaTraPipeline.Run(TinyNaTra, train, Test, classifier, stages);
        return stages;
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedModelsCollection : ICollectionFixture<SharedModels>
{
    public const string Name = "shared models";
}
