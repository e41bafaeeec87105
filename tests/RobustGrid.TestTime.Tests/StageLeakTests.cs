using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.NaTra.Generative;
using RobustGrid.Training.Models;
using RobustGrid.NaTra;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Operations;
using RobustGrid.TestTime.Shifts;
using RobustGrid.TestTime.Urie;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using RobustGrid.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

/// <summary>
/// The stage trainings of DynTTA and NaTra hold the same number of live tensors at the end of every epoch, so a
/// 60-epoch stage keeps the memory of its first epoch. The count is TorchSharp's per-thread statistic, read in the
/// stage's log callback, which runs on the training thread once per epoch.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedModelsCollection.Name)]
public sealed class StageLeakTests(SharedModels shared)
{
    [Theory]
    [InlineData("non-blind")]
    [InlineData("blind")]
    public void DynttaEnhancerStageKeepsItsLiveTensorsConstantOverEpochs(string mode)
    {
        IBatchShift shift = mode == "blind" ? new AugMixShift() : new RandomCorruptionShift(new StandInCorruptions());
        var counts = OnOwnThread(record =>
        {
            using var classifier = new FrozenClassifier(TrainedModel.Load(shared.ClassifierPath, MethodRegistry.Create,
                CPU));
            using var train = DeviceImageSet.Upload(TestData.Catalog.Load("fashion-mnist").Train.Take(128), CPU);
            using var enhancer = new DynTtaEnhancer(ModelFactory.Create("small-cnn", 3, 2 * OperationCatalog.Count, 28),
                new SkUNet());
            var path = Path.Combine(shared.Folder, $"leak-{Guid.NewGuid():N}", "dyntta.rgst");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            EnhancerTraining.Run("dyntta", enhancer, classifier, train, shift,
                new DynTtaOptions { BatchSize = 32 }, 1e-4, epochs: 3, path, record);
        });
        AssertConstant(counts, 3);
    }

    /// <summary>The operations keep their frequency-filter masks across calls, outside every dispose scope; disposing
    /// them (as the enhancer does) frees the masks, so an enhancer per trial leaves nothing behind.</summary>
    [Fact]
    public void DynttaOperationsReleaseTheirFilterMasksWhenDisposed()
    {
        var (before, used, after) = OwnThread.Run(() =>
        {
            var start = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            long during;
            using (var operations = new DynTtaOperations())
            {
                using (var scope = NewDisposeScope())
                    operations.ApplyAll(rand(2, 3, 28, 28), zeros(2, OperationCatalog.Count), x => x);
                during = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
            return (start, during, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
        Assert.True(used > before, "the operations kept no masks: the test no longer sees what it checks");
        Assert.Equal(before, after);
    }

    [Fact]
    public void NatraGanAndEncoderStageKeepsItsLiveTensorsConstantOverEpochs()
    {
        var counts = OnOwnThread(record =>
        {
            using var train = DeviceImageSet.Upload(TestData.Catalog.Load("fashion-mnist").Train.Take(128), CPU);
            using var models = new GanModels(64, 1, 28, 16, CPU);
            var options = SharedModels.TinyNaTra with { GanEpochs = 3, EncoderEpochs = 3 };
            GanTraining.Run(options, train, models, Path.Combine(shared.Folder, $"leak-{Guid.NewGuid():N}"), record);
        });
        AssertConstant(counts.Where(c => c.Message.Contains("GAN epoch")).ToList(), 3);
        AssertConstant(counts.Where(c => c.Message.Contains("encoder epoch")).ToList(), 3);
    }

    [Fact]
    public void NatraTrainingKeepsItsLiveTensorsConstantOverSteps()
    {
        var counts = OnOwnThread(record =>
        {
            var result = Trainer.Run(new TrainingConfig
            {
                Dataset = "fashion-mnist",
                Method = "natra",
                Epochs = 2,
                BatchSize = 32,
                TrainLimit = 128,
                TestLimit = 64,
                LearningRate = 0.05,
                Device = DeviceChoice.Cpu,
                Threads = 1,
                LogInterval = 1,
                MethodParameters =
                    new Dictionary<string, string> { ["stages"] = shared.NaTraStages, ["attack-steps"] = "2" },
            }, MethodRegistry.Create, Path.Combine(shared.Folder, $"leak-{Guid.NewGuid():N}"), new StepRecorder(record),
                catalog: TestData.Catalog);
            Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        });
        // From the second step on: the first creates the optimizer's momentum buffers.
        AssertConstant(counts.Where(c => !c.Message.EndsWith(" step 1", StringComparison.Ordinal)).ToList(),
            2 * (128 / 32 - 1));
    }

    private sealed class StepRecorder(Action<string> record) : ITrainingObserver
    {
        public void OnStep(StepProgress progress) => record($"epoch {progress.Epoch} step {progress.Step}");

        public void OnEpoch(EpochReport report)
        {
        }
    }

    private static void AssertConstant(IReadOnlyList<(string Message, long Live)> counts, int epochs)
    {
        Assert.Equal(epochs, counts.Count);
        Assert.True(counts.All(c => c.Live == counts[0].Live),
            "live tensors per epoch: " + string.Join(", ", counts.Select(c => $"{c.Live} after '{c.Message}'")));
    }

    /// <summary>Runs the stage on a thread of its own, so the statistic sees nothing else.</summary>
    private static List<(string Message, long Live)> OnOwnThread(Action<Action<string>> stage) =>
        OwnThread.Run(() =>
        {
            var counts = new List<(string, long)>();
            stage(message => counts.Add((message, DisposeScopeManager.Statistics.ThreadTotalLiveCount)));
            return counts;
        });
}
