using RobustGrid.Data;
using RobustGrid.Data.Formats;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// The official CIFAR-10-C folder layout: one <c>NAME.npy</c> per corruption, uint8 [5·N, H, W, C] with rows
/// 0..N−1 at severity 1, …, rows 4N..5N−1 at severity 5, and <c>labels.npy</c> [5·N] (the N test labels repeated five
/// times; uint8 in the official release, any integer type accepted). The same layout at 64×64 reads Tiny-style files.
/// </summary>
public static class CifarCFolder
{
    public const string LabelsFile = "labels.npy";
    public const int Severities = 5;

    public static string FileOf(string folder, string corruption) => Path.Combine(folder, corruption + ".npy");

    /// <summary>Names of the corruptions present (every .npy except labels.npy).</summary>
    public static IReadOnlyList<string> CorruptionsIn(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"CIFAR-10-C folder '{folder}' does not exist");
        return Directory.GetFiles(folder, "*.npy")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && n != "labels")
            .Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The labels of one severity block (N values), checked to repeat identically five times.</summary>
    public static int[] ReadLabels(string folder)
    {
        var path = Path.Combine(folder, LabelsFile);
        var array = NpyFile.Read(path);
        if (array.Shape.Length != 1)
            throw new DataFormatException(path, $"labels must be 1-D, found shape {NpyShape.Format(array.Shape)}");
        if (array.Count % Severities != 0)
            throw new DataFormatException(path, $"{array.Count} labels is not 5 severities of the same images");
        var labels = NpyFile.Labels(path, array);
        var n = labels.Length / Severities;
        for (var i = n; i < labels.Length; i++)
        {
            if (labels[i] != labels[i % n])
                throw new DataFormatException(path,
                    $"label {i} differs from label {i % n}: the five severity blocks must repeat the same labels");
        }
        return labels[..n];
    }

    /// <summary>Reads NAME.npy, checking the layout against the labels; returns all five severities stacked.</summary>
    public static NpyArray ReadCorruption(string folder, string corruption, int expectedImages)
    {
        var path = FileOf(folder, corruption);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such corruption file in the CIFAR-10-C folder", path);
        var array = NpyFile.ReadUInt8(path, Severities * expectedImages, -1, -1, -1);
        if (array.Shape[3] is not (1 or 3))
            throw new DataFormatException(path,
                $"expected 1 or 3 channels in the last dimension, found shape {NpyShape.Format(array.Shape)}");
        return array;
    }

    public static void WriteCorruption(string folder, string corruption, byte[] stackedSeverities, int images,
        int height, int width, int channels)
    {
        NpyFile.Write(FileOf(folder, corruption),
            NpyArray.FromBytes(stackedSeverities, (long)Severities * images, height, width, channels));
    }

    /// <summary>Writes labels.npy, the N labels repeated for the five severities: uint8 when every label fits a
    /// byte (as the official release), int64 otherwise.</summary>
    public static void WriteLabels(string folder, int[] labels)
    {
        var count = (long)labels.Length * Severities;
        var path = Path.Combine(folder, LabelsFile);
        if (labels.All(l => l is >= 0 and <= byte.MaxValue))
        {
            var bytes = new byte[count];
            for (var i = 0; i < count; i++) bytes[i] = (byte)labels[i % labels.Length];
            NpyFile.Write(path, NpyArray.FromBytes(bytes, count));
        }
        else
        {
            var values = new long[count];
            for (var i = 0; i < count; i++) values[i] = labels[i % labels.Length];
            NpyFile.Write(path, NpyArray.FromInt64(values, count));
        }
    }
}
