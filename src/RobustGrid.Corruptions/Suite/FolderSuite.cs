using RobustGrid.Data.Formats;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// A suite read from a CIFAR-10-C style folder (the published files, or one RobustGrid wrote). Keeps the most recently
/// read corruption file in memory, since evaluators walk severities of one corruption in a row.
/// </summary>
public sealed class FolderSuite : ICorruptedSuite
{
    private readonly object _gate = new();
    private (string Name, NpyArray Array)? _loaded;

    public FolderSuite(string folder, string? description = null, IReadOnlyList<string>? corruptions = null)
    {
        Folder = folder;
        Labels = CifarCFolder.ReadLabels(folder);
        Corruptions = corruptions ?? CifarCFolder.CorruptionsIn(folder);
        if (Corruptions.Count == 0)
            throw new FileNotFoundException($"CIFAR-10-C folder '{folder}' holds no corruption .npy files");
        var first = CifarCFolder.ReadCorruption(folder, Corruptions[0], Labels.Length);
        (Height, Width, Channels) = ((int)first.Shape[1], (int)first.Shape[2], (int)first.Shape[3]);
        _loaded = (Corruptions[0], first);
        Description = description ?? $"CIFAR-10-C style folder {folder}";
    }

    public string Folder { get; }
    public string Description { get; }
    public IReadOnlyList<string> Corruptions { get; }
    public int[] Labels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }

    public byte[] Images(string corruption, int severity)
    {
        Core.Severity.Check(severity, corruption);
        if (!Corruptions.Contains(corruption))
            throw new ArgumentException(
                $"corruption '{corruption}' is not in {Folder}; present: {string.Join(", ", Corruptions)}");
        NpyArray array;
        lock (_gate)
        {
            if (_loaded?.Name != corruption)
            {
                var next = CifarCFolder.ReadCorruption(Folder, corruption, Labels.Length);
                if (next.Shape[1] != Height || next.Shape[2] != Width || next.Shape[3] != Channels)
                    throw new Data.DataFormatException(CifarCFolder.FileOf(Folder, corruption),
                        $"image shape {NpyShape.Format(next.Shape)} differs from the " +
                        $"folder's {Height}x{Width}x{Channels}");
                _loaded = (corruption, next);
            }
            array = _loaded.Value.Array;
        }
        var block = Labels.Length * Height * Width * Channels;
        return array.Data.AsSpan((severity - 1) * block, block).ToArray();
    }
}
