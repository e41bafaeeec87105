using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Weights as a PyTorch user brings them: a small-cnn trained here, exported as a torch.save file and imported back
/// through the command line with its normalisation.
/// </summary>
internal static class ImportedSmallCnn
{
    /// <param name="Trained">The checkpoint the weights came from.</param>
    /// <param name="Weights">The exported torch.save file.</param>
    public sealed record Weights(string Trained, string WeightsFile);

    public static async Task<Weights> TrainExportAndImport(DatasetCatalog catalog, string home, string folder,
        int trainLimit, int testLimit, string importedRun)
    {
        var trained = Trainer.Run(new TrainingConfig
        {
            Dataset = "fashion-mnist",
            TrainLimit = trainLimit,
            TestLimit = testLimit,
            LearningRate = 0.05,
            Device = DeviceChoice.Cpu,
        }, MethodRegistry.Create, Path.Combine(folder, "trained"), catalog: catalog).CheckpointPath;
        var weights = Path.Combine(folder, "small.pt");
        var (exportExit, exportOutput) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(2),
            "export", "--checkpoint", trained, "--format", "pt", "--out", weights);
        Assert.True(exportExit == 0, exportOutput);
        var (importExit, importOutput) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(2),
            "import", "--model", "small-cnn", "--weights", weights, "--dataset", "fashion-mnist",
            "--normalization", "0.2860,0.3530", "--out", importedRun);
        Assert.True(importExit == 0, importOutput);
        return new Weights(trained, weights);
    }
}
