using System.Text.Json;
using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Tests;

/// <summary><c>perturbation-report.json</c>, as <c>robustgrid eval --suite cifar10-p</c> writes it, has the keys of
/// the CLI's and the API's JSON.</summary>
[Trait("Category", "Integration")]
public sealed class PerturbationReportFileTests
{
    [Fact]
    public async Task ThePerturbationReportHasCamelCaseKeys()
    {
        var scratch = TestData.NewScratchFolder("perturbation-report-");
        try
        {
            var checkpoint = Trainer.Run(new TrainingConfig
            {
                Dataset = "cifar10",
                Epochs = 1,
                TrainLimit = 64,
                TestLimit = 4,
                LearningRate = 0.05,
                Device = DeviceChoice.Cpu,
            }, MethodRegistry.Create, Path.Combine(scratch, "run"), catalog: TestData.Catalog).CheckpointPath;
            var output = Path.Combine(scratch, "report");
            var (exit, printed) = await CliProcess.RunAsync(Path.Combine(scratch, "home"), TimeSpan.FromMinutes(3),
                "eval", "--checkpoint", checkpoint, "--suite", "cifar10-p", "--corruptions", "translate",
                "--test-limit", "2", "--out", output, "--device", "cpu");
            Assert.True(exit == 0, printed);

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "perturbation-report.json")));
            var root = json.RootElement;
            Assert.Equal(["model", "sequences", "perturbations", "meanFlipProbability", "meanTopFiveDistance"],
                root.EnumerateObject().Select(p => p.Name));
            var perturbation = Assert.Single(root.GetProperty("perturbations").EnumerateArray());
            Assert.Equal(["name", "flipProbability", "topFiveDistance"],
                perturbation.EnumerateObject().Select(p => p.Name));
            Assert.Equal("translate", perturbation.GetProperty("name").GetString());
            Assert.Equal(2, root.GetProperty("sequences").GetInt32());
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
