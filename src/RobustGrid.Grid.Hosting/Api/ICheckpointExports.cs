namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// A trained checkpoint's weights as a PyTorch state dict, for download. The grid knows no TorchSharp, so
/// RobustGrid.Grid.Training implements this (as 'robustgrid export' does it); a silo without it exports nothing.
/// </summary>
public interface ICheckpointExports
{
    /// <summary>The formats, by name: the file extension of the export too.</summary>
    IReadOnlyList<string> Formats { get; }

    /// <summary>Writes the export of <paramref name="checkpoint"/> (a checkpoint file or its run folder, as the grid
    /// recorded it) to <paramref name="target"/>, off the caller's thread.</summary>
    Task ExportAsync(string checkpoint, string format, string target, CancellationToken cancellationToken);
}
