using System.Security.Cryptography;
using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Training;
using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A PyTorch state dict imported with <c>robustgrid import</c> and scored by a sweep (method pretrained) beside a
/// trial the sweep trains: both are on the board, the imported one marked with its weights file's SHA-256, and its
/// scores are those <c>robustgrid eval</c> gives the same checkpoint.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PretrainedSweepTests
{
    private const int Images = 128;

    [Fact]
    public async Task AnImportedModelIsScoredBesideATrainedOneAndMarkedWithItsWeightsHash()
    {
        var home = TestData.NewScratchFolder("pretrained-");
        try
        {
            var catalog = new DatasetCatalog(DataSearchPath.Default(),
                new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));
            // Inside the grid's checkpoint store, one of the folders a sweep may read from. More training images than
            // the sweep's erm trial: the two rows score different models.
            var imported = Path.Combine(home, "checkpoints", "imports", "small");
            var (_, weights) = await ImportedSmallCnn.TrainExportAndImport(catalog, home, home, 512, Images,
                imported);

            var spec = Path.Combine(home, "spec.yaml");
            await File.WriteAllTextAsync(spec, $$"""
                name: pretrained-beside-erm
                dataset: fashion-mnist
                parameters:
                  method: {values: [erm, pretrained]}
                  pretrained.checkpoint: {value: "{{imported}}"}
                  model: {value: small-cnn}
                  epochs: {value: 1}
                  train_limit: {value: 256}
                  test_limit: {value: {{Images}} }
                  threads: {value: 1}
                """);
            var (sweepExit, sweepOutput) =
                await CliProcess.RunAsync(home, TimeSpan.FromMinutes(5), "sweep", "run", spec);
            Assert.True(sweepExit == 0, sweepOutput);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(weights)));
            // The board the sweep printed marks the imported row, and only it.
            var marked = sweepOutput.Split('\n').Where(l => l.Contains(ImportedWeights.Short(sha256))).ToList();
            Assert.True(marked.Count == 1 && marked[0].Contains("pretrained", StringComparison.Ordinal), sweepOutput);

            LeaderboardRow[] rows;
            await using (var grid = await EmbeddedGrids.StartAsync(EmbeddedGrids.Host(home),
                             new GridSiloOptions { TrainerSlots = 0, DriveSweeps = false }, _ => { }))
            {
                var board = grid.Client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", "clean"));
                rows = (await board.Query(new LeaderboardQuery(MetricNames.CleanError, 10, GroupSeeds: false))).Rows;
            }
            Assert.Equal(["erm", "pretrained"], rows.Select(r => r.Method).Order());
            Assert.Null(rows.Single(r => r.Method == "erm").ImportedSha256);
            var pretrained = rows.Single(r => r.Method == "pretrained");
            Assert.Equal(sha256, pretrained.ImportedSha256);
            // The trial scored a copy in its own run folder; the imported checkpoint is left as it was.
            var scored = Assert.Single(pretrained.Checkpoints);
            Assert.NotEqual(Path.GetFullPath(CheckpointFile.Resolve(imported)), Path.GetFullPath(scored));
            Assert.Equal(await File.ReadAllBytesAsync(CheckpointFile.Resolve(imported)),
                await File.ReadAllBytesAsync(scored));

            // The scores robustgrid eval gives the imported checkpoint on the same test images.
            var evaluator = new CheckpointEvaluator(new SuiteFactory(catalog, Path.Combine(home, "suites")));
            var expected = ReportColumns.From(
                CheckpointScoring.Clean(CheckpointFile.Resolve(imported), MethodRegistry.Create, evaluator, Images,
                    torch.CPU));
            Assert.InRange(expected[MetricNames.CleanAccuracy], 0.2, 0.95);
            Assert.All(expected, column => Assert.Equal(column.Value, pretrained.MetricMeans[column.Key]));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
