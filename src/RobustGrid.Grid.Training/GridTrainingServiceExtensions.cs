using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Grains.Execution;

namespace RobustGrid.Grid.Training;

public static class GridTrainingServiceExtensions
{
    /// <summary>Registers the TorchSharp trainer and evaluator (call before AddRobustGrid /
    /// AddRobustGridGrains).</summary>
    public static IServiceCollection AddTorchTrialExecution(this IServiceCollection services)
    {
        services.AddSingleton<ITrialExecutor, TorchTrialExecutor>();
        services.AddSingleton<ICheckpointEvaluator, TorchCheckpointEvaluator>();
        return services;
    }
}
