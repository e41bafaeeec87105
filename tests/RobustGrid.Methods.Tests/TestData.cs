using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

internal static class TestData
{
    /// <summary>The real catalog with a cache folder of the test run's own.</summary>
    public static readonly DatasetCatalog Catalog =
        new(DataSearchPath.Default(), new ImageSetCache(Path.Combine(Path.GetTempPath(), "robustgrid-tests", "dataset-cache")));

    public static string NewScratchFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A float32 1×C×H×W image from rows of byte values (one channel per array).</summary>
    public static Tensor Image(params double[][,] channels)
    {
        var (h, w) = (channels[0].GetLength(0), channels[0].GetLength(1));
        var values = new float[channels.Length * h * w];
        for (var c = 0; c < channels.Length; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    values[(c * h + y) * w + x] = (float)channels[c][y, x];
        return tensor(values).reshape(1, channels.Length, h, w);
    }

    public static float[] Values(Tensor t) => t.to(ScalarType.Float32).contiguous().data<float>().ToArray();
}
