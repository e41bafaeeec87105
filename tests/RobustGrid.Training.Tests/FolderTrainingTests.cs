using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;

namespace RobustGrid.Training.Tests;

/// <summary>Trainings on image folders the tests write: in memory at 64 px, streamed from disk above.</summary>
[Collection(SerialTorchCollection.Name)]
public sealed class FolderTrainingTests
{
    private static TrainingConfig Config(string dataset, int epochs) => new()
    {
        Dataset = dataset,
        Model = "small-cnn",
        Epochs = epochs,
        BatchSize = 8,
        Device = DeviceChoice.Cpu,
        Seed = 3,
        LearningRate = 0.05,
        Threads = 1,
    };

    [Fact]
    [Trait("Category", "Integration")]
    public void ALargeImageFolderTrainsFromTheStreamAndReplaysItsSeed()
    {
        // 160x120 images used at 72 px: above 64, so the training split streams with random-resized crops.
        var folder = TestData.NewScratchFolder();
        ImageFolders.Write(folder, ["train", "test"], classes: 4, perClass: 16, 160, 120, "jpg");
        var registry = new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName));
        registry.Add("colours", folder, imageSize: 72);
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(TestData.NewScratchFolder()),
            registry);
        Assert.NotNull(catalog.Load("colours").TrainStream);

        var first = Trainer.Run(Config("colours", 3), MethodRegistry.Create, TestData.NewScratchFolder(),
            catalog: catalog);
        Assert.Equal(TrainingOutcome.Completed, first.Outcome);
        var metadata = CheckpointFile.ReadMetadata(first.CheckpointPath);
        Assert.Equal((72, 4), (metadata.ImageSize, metadata.Classes));
        // Four classes of distinct colours: three epochs of 64 images learn them well beyond chance (0.25).
        Assert.InRange(first.TestAccuracy, 0.6, 1.0);
        var again = Trainer.Run(Config("colours", 3), MethodRegistry.Create, TestData.NewScratchFolder(),
            catalog: catalog);
        Assert.Equal(first.History.Select(h => h.TrainLoss), again.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void ASixtyFourPixelFolderTrainsInMemory()
    {
        var folder = TestData.NewScratchFolder();
        ImageFolders.Write(folder, ["train", "test"], classes: 3, perClass: 16, 64, 64);
        var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(TestData.NewScratchFolder()),
            new DatasetRegistry(Path.Combine(TestData.NewScratchFolder(), DatasetRegistry.FileName)));
        var result = Trainer.Run(Config("folder:" + folder, 3), MethodRegistry.Create, TestData.NewScratchFolder(),
            catalog: catalog);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(64, CheckpointFile.ReadMetadata(result.CheckpointPath).ImageSize);
        Assert.InRange(result.TestAccuracy, 0.6, 1.0);
    }
}
