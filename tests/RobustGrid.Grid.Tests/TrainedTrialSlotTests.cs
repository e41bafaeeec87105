using System.Collections.Concurrent;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// parallel_trials bounds the trials that train, not those being evaluated: a trained trial gives its slot to the next
/// one at once, so a slot never idles through an evaluation while trials are waiting.
/// </summary>
public sealed class TrainedTrialSlotTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Spec = """
        name: hand-off
        dataset: fashion-mnist
        method: grid
        parameters:
          learning_rate: {values: [0.01, 0.02, 0.03]}
          epochs: {value: 1}
        seeds: [0]
        parallel_trials: 1
        """;

    [Fact]
    public async Task TheNextTrialTrainsWhileTheFirstIsEvaluated()
    {
        var work = new HeldEvaluations();
        await using var grid = await GridCluster.StartAsync(1, _ => work, slotsPerSilo: 1);
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "hand-off");
        Assert.True(launch.Ok, string.Join("; ", launch.Errors));

        // The first evaluation is held (the silo has one evaluation thread, so the others queue behind it), yet each
        // trial trains as soon as the one before it has trained.
        await Eventually.Until(() => work.Trained.Count == 3, Patience, "three trials trained");
        Assert.Single(work.Evaluating);
        work.Release();
        var summary = await grid.WaitForSweep(launch.SweepId!, Patience);
        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal(3, summary.Counts.GetValueOrDefault(TrialState.Completed));
    }

    /// <summary>Trains at once; every evaluation waits until the test releases them.</summary>
    private sealed class HeldEvaluations : ITrialExecutor, ICheckpointEvaluator
    {
        private readonly ManualResetEventSlim _released = new(false);

        public ConcurrentQueue<string> Trained { get; } = new();

        public ConcurrentQueue<string> Evaluating { get; } = new();

        public void Release() => _released.Set();

        public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
        {
            Trained.Enqueue(job.Spec.TrialId);
            return new TrialRunResult(RunOutcome.Completed, 1, job.RunDirectory, "checkpoint-" + job.Spec.TrialId,
                null, new() { ["test_accuracy"] = 0.5 });
        }

        public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
        {
            Evaluating.Enqueue(request.Spec.TrialId);
            _released.Wait(cancellationToken);
            return new EvaluationResult(request.CheckpointId, request.Spec.Evaluation.Suite,
                new() { [MetricNames.CleanAccuracy] = 0.5 }, 0);
        }
    }
}
