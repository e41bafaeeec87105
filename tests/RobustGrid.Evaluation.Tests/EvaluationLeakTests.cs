using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using TorchSharp;

namespace RobustGrid.Evaluation.Tests;

/// <summary>
/// A silo's evaluator scores checkpoint after checkpoint on one worker thread: every evaluation must give back every
/// tensor it made. Each runs on a thread of its own, so TorchSharp's per-thread live count sees only it.
/// </summary>
public sealed class EvaluationLeakTests(TrainedCheckpointFixture trained) : IClassFixture<TrainedCheckpointFixture>
{
    [Fact]
    public void CorruptionAndAdversarialEvaluationsLeaveNoTensorBehind()
    {
        var suites = new SuiteFactory(trained.Catalog, Path.Combine(trained.Scratch, "leak-suites"));
        var request = new SuiteRequest("fashion-mnist-c", Seed: 3, Limit: 100,
            Corruptions: ["gaussian_noise", "motion_blur", "frost"]);
        var (before, after) = LiveCountsAround(() =>
        {
            var evaluator = new CheckpointEvaluator(suites);
            CheckpointScoring.Suite(trained.Checkpoint, MethodRegistry.Create, evaluator, request, torch.CPU);
            CheckpointScoring.Clean(trained.Checkpoint, MethodRegistry.Create, evaluator, 100, torch.CPU);
            var attacks = new AdversarialCheckpointEvaluator(trained.Catalog);
            CheckpointScoring.Attack(trained.Checkpoint, MethodRegistry.Create, attacks, "pgd-8/255", 32, torch.CPU);
        });
        Assert.True(before == after, $"{after - before} tensors left alive by three evaluations");
    }

    private static (long Before, long After) LiveCountsAround(Action evaluations) =>
        OwnThread.Run(() =>
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            evaluations();
            return (before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
}
