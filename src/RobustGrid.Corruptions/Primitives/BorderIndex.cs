using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>Maps out-of-range pixel indices back inside an axis of length n, for each <see cref="Border"/>.</summary>
internal static class BorderIndex
{
    public static long Map(long i, long n, Border border)
    {
        switch (border)
        {
            case Border.Replicate:
                return Math.Clamp(i, 0, n - 1);
            case Border.Symmetric:
                {
                    var period = 2 * n;
                    var r = ((i % period) + period) % period;
                    return r >= n ? period - 1 - r : r;
                }
            case Border.Reflect101:
                {
                    if (n == 1) return 0;
                    var period = 2 * n - 2;
                    var r = ((i % period) + period) % period;
                    return r >= n ? period - r : r;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(border));
        }
    }

    /// <summary>The same mapping on an int64 tensor of indices.</summary>
    public static Tensor Map(Tensor i, long n, Border border)
    {
        switch (border)
        {
            case Border.Replicate:
                return i.clamp(0, n - 1);
            case Border.Symmetric:
                {
                    var r = i.remainder(2 * n);
                    return where(r >= n, 2 * n - 1 - r, r);
                }
            case Border.Reflect101:
                {
                    if (n == 1) return zeros_like(i);
                    var r = i.remainder(2 * n - 2);
                    return where(r >= n, 2 * n - 2 - r, r);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(border));
        }
    }

    /// <summary>Pads the last two dimensions by gathering rows and columns, which works for any pad width.</summary>
    public static Tensor Pad(Tensor x, long top, long bottom, long left, long right, Border border)
    {
        var h = x.shape[^2];
        var w = x.shape[^1];
        using var rows = Indices(h, top, bottom, border, x.device);
        using var cols = Indices(w, left, right, border, x.device);
        using var padRows = x.index_select(-2, rows);
        return padRows.index_select(-1, cols);
    }

    private static Tensor Indices(long n, long before, long after, Border border, Device device)
    {
        var idx = new long[n + before + after];
        for (var k = 0; k < idx.Length; k++) idx[k] = Map(k - before, n, border);
        return tensor(idx, device: device);
    }
}
