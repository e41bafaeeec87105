using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// make_cifar_c's clipped_zoom as a linear map: crop the centre ceil(size/z), scipy.ndimage.zoom(order=1) it to
/// round(crop·z) (scipy's default grid_mode=False aligns the corner pixels: in = out·(crop−1)/(zoomed−1)), then trim
/// the centre size pixels back. Because zoom is separable and linear, one axis is a size×size matrix A, and the 2-D
/// zoom of a plane X is A·X·Aᵀ; the sum of several zooms (zoom blur) folds into one (size²)×(size²) matrix.
/// </summary>
internal static class ClippedZoom
{
    public static double[,] AxisMatrix(int size, double zoom)
    {
        var crop = (int)Math.Ceiling(size / zoom);
        var top = (size - crop) / 2;
        var zoomed = (int)Math.Round(crop * zoom, MidpointRounding.ToEven);
        var trim = (zoomed - size) / 2;
        if (zoomed < size) throw new InvalidOperationException($"zoom {zoom} leaves {zoomed} < {size} pixels");
        var step = zoomed > 1 ? (double)(crop - 1) / (zoomed - 1) : 0.0;
        var a = new double[size, size];
        for (var o = 0; o < size; o++)
        {
            var coordinate = (o + trim) * step;
            var i0 = (int)Math.Floor(coordinate);
            var frac = coordinate - i0;
            if (i0 >= crop - 1)
            {
                a[o, top + crop - 1] += 1.0;
                continue;
            }
            a[o, top + i0] += 1.0 - frac;
            a[o, top + i0 + 1] += frac;
        }
        return a;
    }

    /// <summary>
    /// The same zoom as scipy's order-1 interpolation computes it, in float64: each output pixel sums its four
    /// neighbours, each weighted by the product of the row and column weights, in row-major order. At images larger
    /// than 32 pixels this order decides which side of an exact integer level np.uint8 truncates to.
    /// </summary>
    public static Tensor ApplyInScipyOrder(Tensor planes, double zoom)
    {
        var size = (int)planes.shape[^1];
        using var scope = NewDisposeScope();
        var (first, second, firstWeight, secondWeight) = Taps(size, zoom, planes.device);
        var x = planes.to_type(ScalarType.Float64);
        var top = x.index_select(-2, first);
        var bottom = x.index_select(-2, second);
        var (wTop, wBottom) = (firstWeight.reshape(size, 1), secondWeight.reshape(size, 1));
        var (wLeft, wRight) = (firstWeight.reshape(1, size), secondWeight.reshape(1, size));
        var sum = top.index_select(-1, first) * (wTop * wLeft);
        sum.add_(top.index_select(-1, second) * (wTop * wRight));
        sum.add_(bottom.index_select(-1, first) * (wBottom * wLeft));
        sum.add_(bottom.index_select(-1, second) * (wBottom * wRight));
        return sum.MoveToOuterDisposeScope();
    }

    /// <summary>Per output pixel of one axis: the two source pixels and their weights (see
    /// <see cref="AxisMatrix"/>).</summary>
    private static (Tensor First, Tensor Second, Tensor FirstWeight, Tensor SecondWeight) Taps(int size,
        double zoom, Device device)
    {
        var crop = (int)Math.Ceiling(size / zoom);
        var top = (size - crop) / 2;
        var zoomed = (int)Math.Round(crop * zoom, MidpointRounding.ToEven);
        var trim = (zoomed - size) / 2;
        if (zoomed < size) throw new InvalidOperationException($"zoom {zoom} leaves {zoomed} < {size} pixels");
        var step = zoomed > 1 ? (double)(crop - 1) / (zoomed - 1) : 0.0;
        var (first, second) = (new long[size], new long[size]);
        var (firstWeight, secondWeight) = (new double[size], new double[size]);
        for (var o = 0; o < size; o++)
        {
            var coordinate = (o + trim) * step;
            var i0 = Math.Min((int)Math.Floor(coordinate), crop - 1);
            var frac = i0 == crop - 1 ? 0.0 : coordinate - i0;
            (first[o], second[o]) = (top + i0, top + Math.Min(i0 + 1, crop - 1));
            (firstWeight[o], secondWeight[o]) = (1.0 - frac, frac);
        }
        return (tensor(first, device: device), tensor(second, device: device),
            tensor(firstWeight, device: device), tensor(secondWeight, device: device));
    }

    /// <summary>Zooms [..., size, size] planes by one factor.</summary>
    public static Tensor Apply(Tensor planes, double zoom)
    {
        var size = (int)planes.shape[^1];
        using var scope = NewDisposeScope();
        var a = ToTensor(AxisMatrix(size, zoom), planes);
        return matmul(matmul(a, planes), a.t()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The (size²)×(size²) matrix M with vec(Σ_k w_k·zoom_k(X)) = M·vec(X) (row-major vec), built in double.
    /// </summary>
    public static double[,] SumOfZooms(int size, IReadOnlyList<double> zooms, IReadOnlyList<double> weights)
    {
        var n = size * size;
        var m = new double[n, n];
        for (var k = 0; k < zooms.Count; k++)
        {
            var a = AxisMatrix(size, zooms[k]);
            for (var h = 0; h < size; h++)
                for (var i = 0; i < size; i++)
                {
                    var ahi = a[h, i] * weights[k];
                    if (ahi == 0) continue;
                    for (var w = 0; w < size; w++)
                        for (var j = 0; j < size; j++)
                        {
                            var awj = a[w, j];
                            if (awj != 0) m[h * size + w, i * size + j] += ahi * awj;
                        }
                }
        }
        return m;
    }

    public static Tensor ToTensor(double[,] matrix, Tensor like)
    {
        var rows = matrix.GetLength(0);
        var cols = matrix.GetLength(1);
        var flat = new double[rows * cols];
        Buffer.BlockCopy(matrix, 0, flat, 0, flat.Length * sizeof(double));
        using var t = tensor(flat, [rows, cols], dtype: ScalarType.Float64);
        return t.to(like.dtype, like.device);
    }
}
