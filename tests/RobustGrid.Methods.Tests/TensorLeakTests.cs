using RobustGrid.Training.Training;
using RobustGrid.Tests.Shared;
using TorchSharp;

namespace RobustGrid.Methods.Tests;

/// <summary>
/// Every method's training loop holds a constant number of live tensors from step to step and epoch to epoch, so a
/// run of thousands of steps keeps the memory of its first ones. The count is TorchSharp's per-thread statistic,
/// read in the observer, which the trainer calls on its training thread.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TensorLeakTests
{
    private sealed class LiveTensorCounter : ITrainingObserver
    {
        public Dictionary<(int Epoch, int Step), long> Live { get; } = [];

        public void OnStep(StepProgress progress) =>
            Live[(progress.Epoch, progress.Step)] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        public void OnEpoch(EpochReport report)
        {
        }
    }

    public static TheoryData<string> Methods => ["erm", "augmix", "ipmix", "adv-mixup", "advbn"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void LiveTensorsStayConstantOverStepsAndEpochs(string method)
    {
        var settings = SmallSettings(method);
        var counter = new LiveTensorCounter();
        var stepsPerEpoch = 256 / 32;
        var result = OwnThread.Run(() =>
            Trainer.Run(Config(method, settings, epochs: 3), MethodRegistry.Create, TestData.NewScratchFolder(),
                counter, catalog: TestData.Catalog));
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(3 * stepsPerEpoch, counter.Live.Count);
        var settled = counter.Live[(1, 2)];
        for (var epoch = 1; epoch <= 3; epoch++)
            for (var step = 2; step <= stepsPerEpoch; step++)
                Assert.True(counter.Live[(epoch, step)] == settled,
                    $"{method}: {counter.Live[(epoch, step)]} live tensors at epoch {epoch} step {step}, {settled} " +
                    $"at epoch 1 step 2");
    }

    /// <summary>A whole run, from building the model to disposing it, leaves no live tensor on its thread: a silo
    /// runs thousands of trials on one slot thread.</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void ARunLeavesNoLiveTensorBehind(string method)
    {
        var settings = SmallSettings(method);
        var (before, after) = OwnThread.Run(() =>
        {
            // The first run loads the dataset and fills per-process caches; the second must add nothing.
            Trainer.Run(Config(method, settings, epochs: 1), MethodRegistry.Create, TestData.NewScratchFolder(),
                catalog: TestData.Catalog);
            var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            Trainer.Run(Config(method, settings, epochs: 1), MethodRegistry.Create, TestData.NewScratchFolder(),
                catalog: TestData.Catalog);
            return (live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
        Assert.True(after == before, $"{method}: {after - before} live tensors left behind by a run");
    }

    /// <summary>Settings that keep each method's run short; AdvBN fine-tunes a classifier trained here first.</summary>
    private static Dictionary<string, string> SmallSettings(string method) => method switch
    {
        "ipmix" => new() { ["fractal_count"] = "16" },
        "adv-mixup" => new() { ["steps"] = "2" },
        "advbn" => new()
        {
            ["checkpoint"] = Trainer.Run(Config("erm", [], epochs: 1), MethodRegistry.Create,
                TestData.NewScratchFolder(), catalog: TestData.Catalog).CheckpointPath,
        },
        _ => [],
    };

    private static TrainingConfig Config(string method, Dictionary<string, string> settings, int epochs) =>
        MethodTrainingTests.Small(method, settings, epochs) with
        {
            BatchSize = 32,
            TrainLimit = 256,
            TestLimit = 64,
            LogInterval = 1,
        };
}
