using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Tests.Shared;
using TorchSharp;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A trial's whole life on the grid (the experiment created, its model trained on the slot's thread, its checkpoint
/// evaluated on the evaluation thread, everything disposed) leaves no live tensor behind, for each training method,
/// so that a sweep of thousands of trials holds the memory of its first ones. The counts are TorchSharp's per-thread
/// statistics, read on the slot and evaluation threads themselves before and after each call; the first trial may
/// fill per-silo caches (the evaluator's test sets), every later one must add nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TrialLifecycleLeakTests
{
    private const int Trials = 3;
    private const string BaseSweep = "lifecycle-classifier";
    private const string Evaluation =
        "evaluation: {suite: fashion-mnist-c, corruptions: [gaussian_noise], severities: [3]}";

    [Theory]
    [InlineData("erm")]
    [InlineData("augmix")]
    [InlineData("ipmix")]
    [InlineData("adv-mixup")]
    [InlineData("advbn")]
    [InlineData("natra")]
    [InlineData("dyntta")]
    [InlineData("dyntta-augment")]
    public async Task EveryTrialAfterTheFirstLeavesNoLiveTensorOnTheSlotOrEvaluationThread(string method)
    {
        var options = Options.Create(new GridSiloOptions());
        var recorder = (LiveTensorRecorder?)null;
        await using var grid = await GridCluster.StartAsync(1,
            store => recorder = new LiveTensorRecorder(new TorchPair(options, store)));
        if (SmallestMethodSettings.BuildsOnClassifier(method))
            await RunSweep(grid, Spec(BaseSweep, "erm", "", trials: 1));
        var before = (Trials: recorder!.TrialDeltas.Count, Evaluations: recorder.EvaluationDeltas.Count);

        var settings = method == "dyntta-augment"
            ? $"  dyntta-augment.policy: {{value: \"{ExamplePolicy.Write(InputFolder(grid))}\"}}\n"
            : SmallestMethodSettings.For(method, $"trial:{BaseSweep}/best");
        await RunSweep(grid, Spec($"lifecycle-{method}", method, settings, Trials));

        var trials = recorder.TrialDeltas.Skip(before.Trials).ToList();
        var evaluations = recorder.EvaluationDeltas.Skip(before.Evaluations).ToList();
        Assert.Equal(Trials, trials.Count);
        Assert.Equal(Trials, evaluations.Count);
        Assert.True(trials.Skip(1).All(d => d == 0),
            $"{method}: live tensors added on the slot thread per trial: {string.Join(", ", trials)}");
        Assert.True(evaluations.Skip(1).All(d => d == 0),
            $"{method}: live tensors added on the evaluation thread per evaluation: {string.Join(", ", evaluations)}");
    }

    /// <summary>A folder inside the grid's checkpoint store, where the grid reads a method's input files
    /// from.</summary>
    private static string InputFolder(GridCluster grid) =>
        Directory.CreateDirectory(Path.Combine(grid.Root, "checkpoints", "inputs")).FullName;

    private static string Spec(string name, string method, string parameters, int trials) => $$"""
        name: {{name}}
        dataset: fashion-mnist
        parameters:
          method: {value: {{method}}}
          model: {value: small-cnn}
          learning_rate: {values: [{{string.Join(", ", Enumerable.Range(1, trials).Select(i => $"0.0{i}"))}}]}
          batch_size: {value: 32}
          epochs: {value: 1}
          train_limit: {value: 256}
          test_limit: {value: 64}
          threads: {value: 1}
        {{parameters}}seeds: [0]
        parallel_trials: 1
        {{Evaluation}}
        """;

    private static async Task RunSweep(GridCluster grid, string spec)
    {
        var launch = await grid.Client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, null);
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));
        var summary = await grid.WaitForSweep(launch.SweepId!, TimeSpan.FromMinutes(5));
        var trials = await grid.Client.GetGrain<ISweepGrain>(launch.SweepId!).GetTrials();
        Assert.True(summary.State == SweepState.Completed && trials.All(t => t.State == TrialState.Completed),
            $"{summary.State}: {summary.Message}\n" + string.Join("\n", trials.Select(t => $"{t.State}: {t.Message}")));
    }

    /// <summary>The real trainer and evaluator, noting how many live tensors each call left on its own
    /// thread.</summary>
    private sealed class LiveTensorRecorder(TorchPair inner) : ITrialExecutor, ICheckpointEvaluator
    {
        public ConcurrentQueue<long> TrialDeltas { get; } = new();

        public ConcurrentQueue<long> EvaluationDeltas { get; } = new();

        public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken)
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var result = inner.Run(job, progress, cancellationToken);
            TrialDeltas.Enqueue(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before);
            return result;
        }

        public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken)
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var result = inner.Evaluate(request, cancellationToken);
            EvaluationDeltas.Enqueue(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before);
            return result;
        }
    }
}
