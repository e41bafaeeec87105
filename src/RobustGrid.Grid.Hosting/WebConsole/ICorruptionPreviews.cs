namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// Pictures of one test image under every corruption and severity, drawn by the corruption engine. The grid knows no
/// TorchSharp, so RobustGrid.Grid.Training implements this, as it implements the trainer; a silo without it shows no
/// previews.
/// </summary>
public interface ICorruptionPreviews
{
    /// <summary>The datasets a preview may be asked for (the catalog's names).</summary>
    IReadOnlyList<string> Datasets { get; }

    /// <summary>The preview of <paramref name="dataset"/>'s first test image, as a PNG; drawn once, then
    /// kept.</summary>
    /// <exception cref="InvalidOperationException">The dataset is not installed on this silo (the message says
    /// so).</exception>
    Task<byte[]> PngAsync(string dataset, CancellationToken cancellationToken);
}
