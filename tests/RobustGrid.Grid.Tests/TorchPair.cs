using Microsoft.Extensions.Options;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Training;

namespace RobustGrid.Grid.Tests;

/// <summary>The real TorchSharp trainer and evaluator as one object, for GridCluster's executor factory.</summary>
internal sealed class TorchPair(IOptions<GridSiloOptions> options, ICheckpointStore store)
    : ITrialExecutor, ICheckpointEvaluator
{
    private readonly TorchTrialExecutor _trainer = new(options, store);
    private readonly TorchCheckpointEvaluator _evaluator = new(options, store: store);

    public TrialRunResult Run(TrainerJob job, ITrialProgress progress, CancellationToken cancellationToken) =>
        _trainer.Run(job, progress, cancellationToken);

    public EvaluationResult Evaluate(EvaluationRequest request, CancellationToken cancellationToken) =>
        _evaluator.Evaluate(request, cancellationToken);
}
