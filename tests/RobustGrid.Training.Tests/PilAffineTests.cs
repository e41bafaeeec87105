using RobustGrid.Training.Augmentations.Pil;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>The batched affine sampler against Pillow's Geometry.c, transcribed as scalar code, and hand-computed
/// values.</summary>
public sealed class PilAffineTests
{
    [Fact]
    public void HalfPixelTranslationInterpolatesAndFillsOutsideWithBlack()
    {
        // Output (0,0) samples input x = 0.5+0.5 = 1.0, minus 0.5 = 0.5: halfway between 0 and 100 -> 50.
        // Output (1,0) samples x = 2.0, outside [0, 2): fill 0.
        var image = Pixels.Image(new double[,] { { 0, 100 }, { 200, 50 } });
        var matrix = tensor(new[] { 1.0, 0, 0.5, 0, 1, 0 }).reshape(1, 6);
        Assert.Equal([50f, 0f, 125f, 0f], Pixels.Values(PilAffine.Transform(image, matrix)));
    }

    [Fact]
    public void WholePixelTranslationShiftsContentLeft()
    {
        var image = Pixels.Image(new double[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } });
        var matrix = tensor(new[] { 1.0, 0, 1, 0, 1, 0 }).reshape(1, 6);
        Assert.Equal([2f, 3f, 4f, 0f, 6f, 7f, 8f, 0f], Pixels.Values(PilAffine.Transform(image, matrix)));
    }

    [Fact]
    public void RotatingNinetyDegreesMovesTheTopRightCornerToTheTopLeft()
    {
        // PIL rotates counter-clockwise: out[y][x] = in[x][W-1-y] for a square image.
        var grid = new double[4, 4];
        for (var y = 0; y < 4; y++) for (var x = 0; x < 4; x++) grid[y, x] = 10 * y + x;
        var rotated =
            Pixels.Values(PilAffine.Transform(Pixels.Image(grid), Rotate.Matrix(tensor(new[] { 90.0 }), 4, 4)));
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 4; x++)
                Assert.Equal(grid[x, 3 - y], rotated[y * 4 + x]);
    }

    [Theory]
    [InlineData(7.0)]
    [InlineData(-3.0)]
    [InlineData(8.0)]
    public void RotationMatchesPillowsScalarAlgorithm(double degrees)
    {
        var image = RandomImage(3, 9, 11, seed: 5);
        var matrix = Rotate.Matrix(tensor(new[] { degrees }), 9, 11);
        AssertMatchesPillow(image, matrix);
    }

    [Theory]
    [InlineData(1, 0.087, 0, 0, 1, 0)]
    [InlineData(1, 0, 0, -0.05, 1, 0)]
    [InlineData(1, 0, -3, 0, 1, 0)]
    [InlineData(1, 0, 0, 0, 1, 2)]
    public void ShearAndTranslateMatchPillowsScalarAlgorithm(double a, double b, double c, double d, double e, double f)
    {
        var image = RandomImage(2, 8, 8, seed: 9);
        AssertMatchesPillow(image, tensor(new[] { a, b, c, d, e, f }).reshape(1, 6));
    }

    private static Tensor RandomImage(int channels, int h, int w, int seed)
    {
        var random = new Random(seed);
        var grid = Enumerable.Range(0, channels).Select(_ =>
        {
            var g = new double[h, w];
            for (var y = 0; y < h; y++) for (var x = 0; x < w; x++) g[y, x] = random.Next(256);
            return g;
        }).ToArray();
        return Pixels.Image(grid);
    }

    private static void AssertMatchesPillow(Tensor image, Tensor matrix)
    {
        var (c, h, w) = ((int)image.shape[1], (int)image.shape[2], (int)image.shape[3]);
        var input = Pixels.Values(image);
        var m = matrix.to(ScalarType.Float64).data<double>().ToArray();
        var actual = Pixels.Values(PilAffine.Transform(image, matrix));
        for (var ch = 0; ch < c; ch++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    Assert.Equal(PillowBilinear(input, ch, h, w, m, x, y), actual[(ch * h + y) * w + x]);
    }

    /// <summary>libImaging/Geometry.c: affine_transform, then BILINEAR_HEAD/BODY and the (UINT8) cast.</summary>
    private static float PillowBilinear(float[] input, int ch, int h, int w, double[] a, int x, int y)
    {
        double xin = a[0] * (x + 0.5) + a[1] * (y + 0.5) + a[2];
        double yin = a[3] * (x + 0.5) + a[4] * (y + 0.5) + a[5];
        if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) return 0;
        xin -= 0.5;
        yin -= 0.5;
        var xi = (int)Math.Floor(xin);
        var yi = (int)Math.Floor(yin);
        var dx = xin - xi;
        var dy = yin - yi;
        int Clip(int v, int size) => v < 0 ? 0 : v < size ? v : size - 1;
        double At(int row, int col) => input[(ch * h + row) * w + col];
        var (x0, x1) = (Clip(xi, w), Clip(xi + 1, w));
        var row0 = Clip(yi, h);
        var v1 = At(row0, x0) + (At(row0, x1) - At(row0, x0)) * dx;
        var v2 = yi + 1 >= 0 && yi + 1 < h ? At(yi + 1, x0) + (At(yi + 1, x1) - At(yi + 1, x0)) * dx : v1;
        return (byte)(v1 + (v2 - v1) * dy);
    }
}
