using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Methods;
using RobustGrid.Training.Interop;

namespace RobustGrid.Grid.Training;

/// <summary>Exports for the API's download, with 'robustgrid export''s code, on a thread-pool thread.</summary>
public sealed class TorchCheckpointExports : ICheckpointExports
{
    public IReadOnlyList<string> Formats => WeightsFormats.Names;

    public Task ExportAsync(string checkpoint, string format, string target, CancellationToken cancellationToken) =>
        Task.Run(() => CheckpointExport.Export(checkpoint, WeightsFormats.Parse(format), target, MethodRegistry.Create),
            cancellationToken);
}
