using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>Small images written out value by value, and their values read back, for the PIL operation tests.</summary>
internal static class Pixels
{
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
