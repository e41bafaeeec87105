using RobustGrid.Corruptions.Core;
using RobustGrid.Data;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// File-level operations behind <c>robustgrid corrupt</c>: an input .npy of uint8 [N, H, W, C] images (the CIFAR-10-C
/// layout) to one corrupted .npy of the same shape and dtype, or to a whole CIFAR-10-C folder.
/// </summary>
public static class NpyCorruption
{
    /// <summary>Reads and validates the input images: uint8, 4-D, a shape the engine's table supports.</summary>
    public static NpyArray ReadImages(string path, CorruptionEngine engine)
    {
        var array = NpyFile.ReadUInt8(path, -1, -1, -1, -1);
        try
        {
            ImageLayout.Of(array.Shape, engine.Table);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, e.Message);
        }
        return array;
    }

    public static void CorruptFile(CorruptionEngine engine, string inputPath, string corruption, int severity,
        long seed, string outputPath)
    {
        engine.Registry.Get(corruption);
        Severity.Check(severity, corruption);
        var input = ReadImages(inputPath, engine);
        using var scope = NewDisposeScope();
        var images = tensor(input.Data, input.Shape);
        var corrupted = engine.Corrupt(images, corruption, severity, seed);
        NpyFile.Write(outputPath, new NpyArray(NpyDType.UInt8, input.Shape, corrupted.data<byte>().ToArray()));
    }

    /// <summary>
    /// Writes every corruption as NAME.npy (5 severities stacked) plus labels.npy. Labels come from
    /// <paramref name="labelsPath"/> (any integer .npy of N values) or are written as zeros when absent.
    /// </summary>
    public static void WriteFolder(CorruptionEngine engine, string inputPath, string? labelsPath, long seed,
        string outputFolder, IProgress<string>? progress = null)
    {
        var input = ReadImages(inputPath, engine);
        var n = (int)input.Shape[0];
        var labels = new int[n];
        if (labelsPath is not null)
        {
            labels = NpyFile.Labels(labelsPath, NpyFile.Read(labelsPath));
            if (labels.Length != n)
                throw new DataFormatException(labelsPath, $"{labels.Length} labels for {n} images");
        }
        var classes = Enumerable.Range(0, labels.Length == 0 ? 1 : labels.Max() + 1).Select(i => i.ToString())
            .ToArray();
        var set = new ImageSet(input.Data, labels, (int)input.Shape[1], (int)input.Shape[2], (int)input.Shape[3],
            classes);
        var suite = new GeneratedSuite(engine, set, seed);
        Directory.CreateDirectory(outputFolder);
        CifarCFolder.WriteLabels(outputFolder, labels);
        foreach (var name in suite.Corruptions)
        {
            CifarCFolder.WriteCorruption(outputFolder, name, suite.Generate(name), n, set.Height, set.Width,
                set.Channels);
            progress?.Report(name);
        }
    }
}
