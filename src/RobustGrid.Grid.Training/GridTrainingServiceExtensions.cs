using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Grid.Hosting.WebConsole;

namespace RobustGrid.Grid.Training;

public static class GridTrainingServiceExtensions
{
    /// <summary>Registers the TorchSharp trainer and evaluator, checkpoint exports and the console's corruption
    /// previews (call before AddRobustGrid / AddRobustGridGrains).</summary>
    public static IServiceCollection AddTorchTrialExecution(this IServiceCollection services)
    {
        services.AddSingleton<ITrialExecutor, TorchTrialExecutor>();
        services.AddSingleton<ICheckpointEvaluator, TorchCheckpointEvaluator>();
        services.AddSingleton<ICorruptionPreviews, TorchCorruptionPreviews>();
        services.AddSingleton<ICheckpointExports, TorchCheckpointExports>();
        return services;
    }
}
