using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Correlation of every channel plane with a small kernel (what cv2.filter2D and scipy.ndimage.correlate do), and
/// separable filtering. Works on [..., H, W] float tensors on any device.
/// <para>
/// Why not conv2d: on CPU, libtorch's conv2d on one-channel 32×32 planes with a 3–5 tap kernel is dominated by its
/// im2col set-up. A separable filter on a fixed axis length is a linear map, so it runs as two small batched matmuls
/// (A·X·Aᵀ, borders folded into A); a small 2-D kernel runs as a sum of shifted slices of the padded planes.
/// </para>
/// </summary>
internal static class Filter2d
{
    public static Tensor Correlate(Tensor x, double[,] kernel, Border border)
    {
        var kh = kernel.GetLength(0);
        var kw = kernel.GetLength(1);
        var (h, w) = (x.shape[^2], x.shape[^1]);
        using var scope = NewDisposeScope();
        var padded = BorderIndex.Pad(x, kh / 2, kh - 1 - kh / 2, kw / 2, kw - 1 - kw / 2, border);
        if (kh * kw > ShiftedSlicesUpTo) return Convolve(padded, kernel, x.shape).MoveToOuterDisposeScope();
        Tensor? sum = null;
        for (var i = 0; i < kh; i++)
            for (var j = 0; j < kw; j++)
            {
                if (kernel[i, j] == 0) continue;
                var tap = padded[TensorIndex.Ellipsis, TensorIndex.Slice(i, i + h), TensorIndex.Slice(j, j + w)];
                sum = sum is null ? tap * kernel[i, j] : sum.add_(tap, alpha: kernel[i, j]);
            }
        return (sum ?? zeros_like(x)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Beyond 7×7 taps (ImageNet's defocus disks reach 21×21) one conv2d over the padded planes beats re-reading the
    /// whole batch once per tap.
    /// </summary>
    private const int ShiftedSlicesUpTo = 49;

    private static Tensor Convolve(Tensor padded, double[,] kernel, long[] shape)
    {
        var (kh, kw) = (kernel.GetLength(0), kernel.GetLength(1));
        var flat = new double[kh * kw];
        Buffer.BlockCopy(kernel, 0, flat, 0, flat.Length * sizeof(double));
        var weight = tensor(flat, [1, 1, kh, kw], ScalarType.Float64).to(padded.dtype, padded.device);
        var planes = padded.reshape(-1, 1, padded.shape[^2], padded.shape[^1]);
        return nn.functional.conv2d(planes, weight).reshape(shape);
    }

    /// <summary>The n×n matrix of a centred 1-D correlation along one axis of length n, borders included.</summary>
    public static double[,] AxisMatrix(int n, double[] kernel, Border border)
    {
        var r = kernel.Length / 2;
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < kernel.Length; k++)
                a[i, BorderIndex.Map(i + k - r, n, border)] += kernel[k];
        return a;
    }

    /// <summary>Rows then columns with the same odd-length kernel, centred: A·X·Aᵀ per plane.</summary>
    public static Tensor Separable(Tensor x, double[] kernel, Border border)
    {
        var (h, w) = ((int)x.shape[^2], (int)x.shape[^1]);
        using var scope = NewDisposeScope();
        var rows = ClippedZoom.ToTensor(AxisMatrix(h, kernel, border), x);
        var cols = h == w ? rows : ClippedZoom.ToTensor(AxisMatrix(w, kernel, border), x);
        return matmul(matmul(rows, x), cols.t()).MoveToOuterDisposeScope();
    }
}
