using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Correlation of every channel plane with a small kernel (what cv2.filter2D and scipy.ndimage.correlate do), and
/// separable filtering as two 1-D passes. Works on [..., H, W] float tensors on any device.
/// </summary>
internal static class Filter2d
{
    public static Tensor Correlate(Tensor x, double[,] kernel, Border border)
    {
        var kh = kernel.GetLength(0);
        var kw = kernel.GetLength(1);
        var flat = new float[kh * kw];
        for (var i = 0; i < kh; i++)
        for (var j = 0; j < kw; j++)
            flat[i * kw + j] = (float)kernel[i, j];
        using var scope = NewDisposeScope();
        var shape = x.shape;
        var planes = x.reshape(-1, 1, shape[^2], shape[^1]);
        var padded = BorderIndex.Pad(planes, kh / 2, kh - 1 - kh / 2, kw / 2, kw - 1 - kw / 2, border);
        var weight = tensor(flat, [1, 1, kh, kw], dtype: x.dtype, device: x.device);
        return nn.functional.conv2d(padded, weight).reshape(shape).MoveToOuterDisposeScope();
    }

    /// <summary>Rows then columns with the same odd-length kernel, centred.</summary>
    public static Tensor Separable(Tensor x, double[] kernel, Border border)
    {
        var k = kernel.Length;
        var r = k / 2;
        using var scope = NewDisposeScope();
        var shape = x.shape;
        var planes = x.reshape(-1, 1, shape[^2], shape[^1]);
        var values = kernel.Select(v => (float)v).ToArray();
        var wRow = tensor(values, [1, 1, 1, k], dtype: x.dtype, device: x.device);
        var wCol = tensor(values, [1, 1, k, 1], dtype: x.dtype, device: x.device);
        var alongW = nn.functional.conv2d(BorderIndex.Pad(planes, 0, 0, r, r, border), wRow);
        var alongH = nn.functional.conv2d(BorderIndex.Pad(alongW, r, r, 0, 0, border), wCol);
        return alongH.reshape(shape).MoveToOuterDisposeScope();
    }
}
