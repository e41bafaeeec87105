using System.Runtime.ExceptionServices;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Core;
using RobustGrid.Data;
using RobustGrid.Data.Readers;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// A suite in the published ImageNet-C / Tiny-ImageNet-C layout: <c>CORRUPTION/SEVERITY/CLASS/*.JPEG</c>. Classes
/// are the sorted class folder names (label = position), images within a class in ordinal file-name order, which is
/// how the clean validation folders are read, so clean and corrupted images line up by position. Every corruption and
/// severity must hold the same class folders and file names. Decodes one severity at a time and keeps the most
/// recently read one.
/// </summary>
public sealed class ImageFolderSuite : ICorruptedSuite
{
    private readonly object _gate = new();
    private readonly string[] _relativeFiles;
    private (string Corruption, int Severity, byte[] Pixels)? _loaded;

    public ImageFolderSuite(string folder, string? description = null, IReadOnlyList<string>? corruptions = null)
    {
        Folder = folder;
        Corruptions = corruptions ?? CorruptionsIn(folder);
        if (Corruptions.Count == 0)
            throw new FileNotFoundException(
                $"'{folder}' holds no CORRUPTION/SEVERITY/CLASS/*.JPEG folders named after the corruptions " +
                $"({string.Join(", ", CorruptionNames.Names)})");
        var first = SeverityFolder(Corruptions[0], Severity.Min);
        var classes = Directory.GetDirectories(first).Select(Path.GetFileName).Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (classes.Length == 0) throw new DataFormatException(first, "no class folders");
        var files = new List<string>();
        var labels = new List<int>();
        for (var label = 0; label < classes.Length; label++)
            foreach (var file in ImagesIn(Path.Combine(first, classes[label])))
            {
                files.Add(Path.Combine(classes[label], file));
                labels.Add(label);
            }
        if (files.Count == 0) throw new DataFormatException(first, "no .jpg, .jpeg or .png images in the classes");
        _relativeFiles = [.. files];
        Labels = [.. labels];
        (Height, Width) = ImageDecoder.ReadSize(File.ReadAllBytes(Path.Combine(first, files[0])), files[0]);
        // Evaluators take one severity as one array: the full ImageNet-C validation set (50,000 images) does not fit.
        if ((long)files.Count * Height * Width * Channels > Array.MaxLength)
            throw new DataFormatException(folder,
                $"{files.Count} images of {Height}x{Width} per severity exceed one in-memory array; " +
                "evaluate a subset folder (fewer classes or images per class)");
        Description = description ?? $"ImageNet-C style folder {folder}";
    }

    public string Folder { get; }
    public string Description { get; }
    public IReadOnlyList<string> Corruptions { get; }
    public int[] Labels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels => 3;

    /// <summary>True when <paramref name="folder"/> has a corruption-named folder with severity folders
    /// inside.</summary>
    public static bool LooksLikeOne(string folder) => Directory.Exists(folder) && CorruptionsIn(folder).Count > 0;

    public byte[] Images(string corruption, int severity)
    {
        Severity.Check(severity, corruption);
        if (!Corruptions.Contains(corruption))
            throw new ArgumentException(
                $"corruption '{corruption}' is not in {Folder}; present: {string.Join(", ", Corruptions)}");
        lock (_gate)
        {
            if (_loaded is not { } loaded || loaded.Corruption != corruption || loaded.Severity != severity)
                _loaded = loaded = (corruption, severity, Decode(corruption, severity));
            return loaded.Pixels;
        }
    }

    private byte[] Decode(string corruption, int severity)
    {
        var folder = SeverityFolder(corruption, severity);
        var imageBytes = Height * Width * Channels;
        var pixels = new byte[_relativeFiles.Length * imageBytes];
        try
        {
            Parallel.For(0, _relativeFiles.Length,
                i => DecodeOne(folder, i, pixels.AsSpan(i * imageBytes, imageBytes)));
        }
        catch (AggregateException e)
        {
            // The first file's own error (missing, undecodable, wrong size) says more than the wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        var extra = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Count(f => ImageDecoder.IsImageFile(f)) - _relativeFiles.Length;
        if (extra != 0)
            throw new DataFormatException(folder, $"{extra} more images than {SeverityFolder(Corruptions[0], 1)}");
        return pixels;
    }

    private void DecodeOne(string folder, int i, Span<byte> destination)
    {
        var path = Path.Combine(folder, _relativeFiles[i]);
        if (!File.Exists(path))
            throw new DataFormatException(path,
                $"missing: " +
                $"every corruption and severity must hold the files of {SeverityFolder(Corruptions[0], 1)}");
        ImageDecoder.DecodeInto(File.ReadAllBytes(path), path, Height, Width, Channels, destination);
    }

    private string SeverityFolder(string corruption, int severity)
    {
        var path =
            Path.Combine(Folder, corruption, severity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"'{path}' does not exist: the layout is CORRUPTION/1..5/CLASS/");
    }

    private static IReadOnlyList<string> CorruptionsIn(string folder) =>
        CorruptionNames.Names.Where(name => Directory.Exists(Path.Combine(folder, name, "1"))).ToArray();

    private static IEnumerable<string> ImagesIn(string classFolder) =>
        Directory.GetFiles(classFolder).Select(Path.GetFileName).Select(n => n!)
            .Where(ImageDecoder.IsImageFile).OrderBy(n => n, StringComparer.Ordinal);
}
