using System.Collections.Concurrent;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Pictures;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Hosting.WebConsole;

namespace RobustGrid.Grid.Training;

/// <summary>
/// The console's corruption previews, drawn by the corruption engine (<see cref="PreviewGrid"/>, as 'robustgrid
/// corrupt --preview' draws them) on a thread-pool thread, once per dataset; a dataset that is not installed is
/// asked again next time, so installing it needs no restart.
/// </summary>
public sealed class TorchCorruptionPreviews : ICorruptionPreviews
{
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _pngs = new();

    public IReadOnlyList<string> Datasets => DatasetNames.Names;

    public async Task<byte[]> PngAsync(string dataset, CancellationToken cancellationToken)
    {
        var png = _pngs.GetOrAdd(dataset, d => new Lazy<Task<byte[]>>(() => Task.Run(() => Render(d))));
        try
        {
            return await png.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _pngs.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(dataset, png));
            throw;
        }
    }

    private static byte[] Render(string dataset)
    {
        Data.ImageSet test;
        try
        {
            test = DatasetCatalog.Default().Load(dataset).TestImages.Slice(0, 1);
        }
        catch (Exception e) when (e is DatasetNotFoundException or IOException)
        {
            throw new InvalidOperationException($"dataset '{dataset}' is not installed on this silo: {e.Message}", e);
        }
        var path = Path.Combine(Path.GetTempPath(), $"robustgrid-preview-{Guid.NewGuid():N}.png");
        try
        {
            PreviewGrid.Render(CorruptionEngine.Default(), test.Pixels.AsSpan(0, test.ImageBytes).ToArray(),
                test.Height, test.Width, test.Channels, path, title: $"{dataset}: test image 0");
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
